/** The PGA stage: each line against the agencies that flag it, their message sets and disclaims. */
import { memoBind, type BoundStage, type Stage, type StageInput } from '../../kernel/stage.js';
import type { ReferenceService, ReferenceView } from '../reference/index.js';
import { paperlessCounts, pgaFindings } from './domain/pga.js';

export function pgaStage(reference: ReferenceService): Stage {
  const bind = memoBind((ref: ReferenceView): BoundStage => {
    const cat = ref.pga ?? null;
    return {
      versions: [],
      run: ({ shipment }: StageInput) => pgaFindings(shipment, cat),
      // The paperless report's counters, with the catalogue in force (none without one).
      ...(cat ? { counts: ({ shipment }: StageInput) => paperlessCounts(cat, shipment) } : {}),
    };
  });
  return {
    name: 'pga',
    keepsCounts: true,
    reads: ['lines.hts', 'lines.pga', 'entry_type', 'pga-flags', 'pga-message-sets'],
    bind: () => (reference.isReady() ? bind(reference.current()) : null),
  };
}
