/** The validation module's public surface: what other modules and main may use. */
export type { DeMinimisPolicy } from './domain/de-minimis.js';
export { validateShipment } from './domain/validate-shipment.js';
export { DEFAULT_DE_MINIMIS, loadDeMinimisPolicy } from './adapters/de-minimis-policy.js';
export { validationStage } from './validation-stage.js';
