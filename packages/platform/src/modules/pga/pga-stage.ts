/** The PGA stage: each line against the agencies that flag it, their message sets and disclaims. */
import { memoBind, type Stage } from '../../kernel/stage.js';
import type { ReferenceService, ReferenceView } from '../reference/index.js';
import { pgaFindings } from './domain/pga.js';

export function pgaStage(reference: ReferenceService): Stage {
  const bind = memoBind((ref: ReferenceView) => ({
    versions: [],
    run: ({ shipment }) => pgaFindings(shipment, ref.pga ?? null),
  }));
  return {
    name: 'pga',
    reads: ['lines.hts', 'lines.pga', 'entry_type', 'pga-flags', 'pga-message-sets'],
    bind: () => (reference.isReady() ? bind(reference.current()) : null),
  };
}
