/** The screening stage: every party of a filing against the watch lists in force. */
import { memoBind, type Stage } from '../../kernel/stage.js';
import { screeningFindings } from './domain/stage.js';
import type { ScreeningService, ScreeningView } from './screening-service.js';

export function screeningStage(screening: ScreeningService): Stage {
  const bind = memoBind((view: ScreeningView) => ({
    versions: view.versions,
    run: ({ tenant, shipment }) => screeningFindings(shipment, (q) => screening.screen(q, { tenant }, view)),
  }));
  return {
    name: 'screen',
    reads: ['parties', 'watchlists', 'screening-policy', 'false-positive decisions'],
    bind: () => (screening.isReady() ? bind(screening.current()) : null),
  };
}
