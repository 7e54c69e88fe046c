import { createHash } from 'node:crypto';
import type { ObjectStore } from '../../lake/object-store.ts';
import { parseManifest } from './manifest.ts';

export interface VerifyFilter {
  readonly source?: string;
  readonly date?: string;
}

export interface PartitionReport {
  readonly partition: string;
  readonly objects: number;
  /** Manifest entries whose object is missing or whose bytes no longer match the checksum. */
  readonly problems: string[];
  /** Objects present but named by no manifest entry: left by a crash before its commit (harmless). */
  readonly unreferenced: string[];
}

const MANIFEST = '_manifest.json';

/**
 * Re-reads every bronze object named by a manifest and checks size and SHA-256: the audit that
 * every stored payload is still exactly what was fetched.
 */
export async function verifyBronze(
  store: ObjectStore,
  filter: VerifyFilter = {},
): Promise<PartitionReport[]> {
  const prefix = filter.source === undefined ? 'bronze/' : `bronze/source=${filter.source}/`;
  const keys = await store.list(prefix);
  const partitions = new Map<string, string[]>();
  for (const key of keys) {
    // bronze/source=…/dataset=…/dt=…/<name>, where <name> may be _rejected/<file>
    const dir = `${key.split('/').slice(0, 4).join('/')}/`;
    if (filter.date !== undefined && !dir.endsWith(`/dt=${filter.date}/`)) continue;
    partitions.set(dir, [...(partitions.get(dir) ?? []), key.slice(dir.length)]);
  }
  const reports: PartitionReport[] = [];
  for (const [dir, names] of [...partitions].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const problems: string[] = [];
    const stored = await store.get(`${dir}${MANIFEST}`);
    if (!stored) {
      reports.push({
        partition: dir,
        objects: 0,
        problems: [`no ${MANIFEST}: objects here are not committed`],
        unreferenced: names,
      });
      continue;
    }
    const manifest = parseManifest(stored.body, `${store.location}/${dir}${MANIFEST}`);
    const referenced = new Set<string>([
      MANIFEST,
      ...manifest.objects.map((o) => o.object),
      ...manifest.failures.flatMap((f) => (f.rejectedObject ? [f.rejectedObject] : [])),
    ]);
    for (const entry of manifest.objects) {
      const object = await store.get(`${dir}${entry.object}`);
      if (!object) problems.push(`${entry.object}: missing`);
      else if (
        object.body.byteLength !== entry.bytes ||
        createHash('sha256').update(object.body).digest('hex') !== entry.sha256
      ) {
        problems.push(
          `${entry.object}: bytes differ from the manifest (expected ${entry.bytes} bytes, sha256 ${entry.sha256.slice(0, 12)}…)`,
        );
      }
    }
    for (const [key, name] of Object.entries(manifest.current)) {
      if (!manifest.objects.some((o) => o.object === name))
        problems.push(`current[${key}] names ${name}, which has no entry`);
    }
    reports.push({
      partition: dir,
      objects: manifest.objects.length,
      problems,
      unreferenced: names.filter((n) => !referenced.has(n)),
    });
  }
  return reports;
}
