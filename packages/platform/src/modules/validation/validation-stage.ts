/** The validation stage: the filing against the HTSUS in force, code lists, units, dates, de minimis. */
import { memoBind, type Stage } from '../../kernel/stage.js';
import type { ReferenceService, ReferenceView } from '../reference/index.js';
import { validateShipment } from './domain/validate-shipment.js';

export function validationStage(reference: ReferenceService): Stage {
  const bind = memoBind((ref: ReferenceView) => ({
    versions: ref.versions,
    run: ({ shipment, now }) => validateShipment(shipment, { ref, today: now.slice(0, 10) }),
  }));
  return {
    name: 'validate',
    reads: ['lines', 'transport', 'parties', 'hts', 'countries', 'ports', 'de-minimis-policy'],
    bind: () => (reference.isReady() ? bind(reference.current()) : null),
  };
}
