/**
 * The HTTP edge's one table: a problem's kind → HTTP status. Codes carry kinds (kernel/errors.ts);
 * nothing inside Tradelane knows a status.
 */
import { kindOf, type ErrorCode, type ErrorKind } from '../../kernel/errors.js';

export const STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  timeout: 408,
  conflict: 409,
  too_large: 413,
  url_too_long: 414,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
};

export const statusFor = (code: ErrorCode): number => STATUS_BY_KIND[kindOf(code)];
