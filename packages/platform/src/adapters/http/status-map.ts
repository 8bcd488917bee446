/** The HTTP edge's table: stable error code → HTTP status. Codes not listed are 400. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SHIPMENT_NOT_FOUND: 404,
  HTS_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  BODY_TOO_LARGE: 413,
  MEDIA_TYPE_UNSUPPORTED: 415,
  REFDATA_NOT_READY: 503,
  SCREENING_NOT_READY: 503,
  SCREENING_ENTRY_UNKNOWN: 404,
  ENTITY_NOT_FOUND: 404,
  ALERT_NOT_FOUND: 404,
  ENTITY_MERGED: 409,
  INTERNAL: 500,
};

export const statusFor = (code: string): number => STATUS_BY_CODE[code] ?? 400;
