import { z } from 'zod';
import type { BronzePartition } from '../../lake/paths.ts';

/**
 * The per-partition `_manifest.json`: the only way downstream layers find bronze payloads.
 * `objects` and `failures` are append-only logs; `current` names, per key, the object that the
 * latest successful fetch returned. Objects are named relative to the partition folder.
 */
const capturedObject = z.object({
  key: z.string(),
  object: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  contentType: z.string(),
  httpStatus: z.number().int(),
  method: z.enum(['GET', 'POST']),
  /** Request URL with secrets redacted. */
  url: z.string(),
  /** For POST requests (OpenFIGI): the JSON body sent, needed to interpret a positional response. */
  requestBody: z.string().optional(),
  fetchedAt: z.string(),
  runId: z.string(),
  attempts: z.number().int().positive(),
});

const failure = z.object({
  key: z.string(),
  runId: z.string(),
  at: z.string(),
  url: z.string().optional(),
  httpStatus: z.number().int().optional(),
  kind: z.string(),
  error: z.string(),
  attempts: z.number().int().nonnegative(),
  /** A 2xx body we refused (malformed JSON, error envelope) is kept here for diagnosis. */
  rejectedObject: z.string().optional(),
  rejectedSha256: z.string().optional(),
});

/** Non-fatal remarks about a stored payload, e.g. OpenFIGI per-job warnings and errors. */
const note = z.object({ key: z.string(), runId: z.string(), at: z.string(), message: z.string() });

const currentChange = z.object({ key: z.string(), object: z.string(), runId: z.string(), at: z.string() });

export const manifestSchema = z.object({
  manifestVersion: z.literal(1),
  source: z.string(),
  dataset: z.string(),
  dt: z.string(),
  current: z.record(z.string(), z.string()),
  objects: z.array(capturedObject),
  /** When a re-fetch returns bytes identical to an older, non-current object, `current` flips back. */
  currentChanges: z.array(currentChange),
  failures: z.array(failure),
  notes: z.array(note),
  runs: z.array(z.object({ runId: z.string(), startedAt: z.string() })),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type CapturedObject = z.infer<typeof capturedObject>;
export type FailureRecord = z.infer<typeof failure>;
export type NoteRecord = z.infer<typeof note>;

export function emptyManifest(p: BronzePartition): Manifest {
  return {
    manifestVersion: 1,
    source: p.source,
    dataset: p.dataset,
    dt: p.dt,
    current: {},
    objects: [],
    currentChanges: [],
    failures: [],
    notes: [],
    runs: [],
  };
}

export function parseManifest(body: Buffer, where: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new Error(
      `Bronze manifest ${where} is not valid JSON; restore it from a backup or the objects beside it`,
      { cause: error },
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `Bronze manifest ${where} does not match manifestVersion 1: ${parsed.error.issues[0]?.message ?? 'unknown'}`,
    );
  }
  return parsed.data;
}

/** The object that is current for `key`, resolved through the manifest (never "the latest file"). */
export function currentObject(manifest: Manifest, key: string): CapturedObject | undefined {
  const name = manifest.current[key];
  return name === undefined ? undefined : manifest.objects.find((o) => o.object === name);
}
