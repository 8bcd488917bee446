/** OpenAPI pieces every route module shares. */
export const ErrorBody = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' }, path: { type: 'string' } },
  required: ['code', 'message', 'path'],
} as const;

export const bearer = [{ bearer: [] }];
