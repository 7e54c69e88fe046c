// Small readers for response parts whose envelope api-contract.md leaves open (see the frontend README,
// "API shapes the client assumes"): a list may come bare or wrapped as { items } / { <name> }.
import { isRecord } from './api-error.ts';

export function listFrom<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (isRecord(body)) {
    for (const key of [...keys, 'items', 'data', 'results']) {
      const value = body[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
}
