/** Schema pieces shared by routes; the OpenAPI document is generated from these same schemas. */
import { z } from 'zod';
import { errorBodySchema } from './errors.ts';

export const moneyString = z.string().describe('decimal string, e.g. "1234.56"');
export const uuidParam = z.uuid({ error: 'must be an id (UUID)' });
export const dateString = z.iso.date({ error: 'must be a date YYYY-MM-DD' });

/** Error responses documented on every route (the handler in error-handler.ts produces them). */
export function errors(...statuses: (400 | 401 | 404 | 409 | 413 | 415 | 422 | 429)[]) {
  const out: Partial<Record<400 | 401 | 404 | 409 | 413 | 415 | 422 | 429 | 500, typeof errorBodySchema>> = {
    500: errorBodySchema,
  };
  for (const status of statuses) out[status] = errorBodySchema;
  return out;
}

export const emptyResponse = z.null().describe('no content');
