/**
 * The party stages: identifiers checked and MIDs rebuilt (identify), and list hits on a party's
 * owners found through the registry (ownership).
 */
import type { BoundStage, Stage } from '../../kernel/stage.js';
import { ownershipFindings, type ScreeningService } from '../screening/index.js';
import { identifyParties } from './domain/identify-parties.js';
import type { RegistryService } from './registry-service.js';

export function identifyStage(): Stage {
  const bound: BoundStage = { versions: [], run: ({ shipment }) => identifyParties(shipment) };
  return { name: 'identify', reads: ['parties'], bind: () => bound };
}

/** Only where the registry is loaded in this process (the server; not bulk workers). */
export function ownershipStage(registry: RegistryService, screening: ScreeningService): Stage {
  const bound: BoundStage = {
    versions: [],
    run: ({ shipment }) => ownershipFindings(shipment, (p) => registry.parentHits(p)),
  };
  return {
    name: 'ownership',
    reads: ['parties', 'gleif', 'watchlists'],
    bind: () => (screening.isReady() ? bound : null),
  };
}
