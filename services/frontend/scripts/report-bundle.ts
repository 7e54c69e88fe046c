// Prints the production build's JavaScript sizes after `vite build`: the initial JS (the entry chunk and
// every chunk it imports statically, i.e. what the browser must fetch before the first page renders),
// gzipped, against the 250 KB budget, then every lazily loaded chunk. Exits 1 when over budget.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1024;
const distDir = path.resolve(import.meta.dirname, '..', 'dist');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  src?: string;
}

type Manifest = Record<string, ManifestChunk>;

async function readManifest(): Promise<Manifest> {
  const file = path.join(distDir, '.vite', 'manifest.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(
      `Cannot read ${path.relative(process.cwd(), file)}: run \`vite build\` first (with build.manifest on).`,
      { cause: error },
    );
  }
}

async function gzipSize(file: string): Promise<{ raw: number; gzip: number }> {
  const bytes = await readFile(path.join(distDir, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** The entry's file plus the transitive closure of its static imports. */
function initialFiles(manifest: Manifest): Set<string> {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return files;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const manifest = await readManifest();
const initial = initialFiles(manifest);
const jsFiles = [...new Set(Object.values(manifest).map((chunk) => chunk.file))]
  .filter((file) => file.endsWith('.js'))
  .sort();
let initialGzip = 0;
const rows: string[] = [];
for (const file of jsFiles) {
  const size = await gzipSize(file);
  const isInitial = initial.has(file);
  if (isInitial) initialGzip += size.gzip;
  rows.push(
    `  ${isInitial ? 'initial' : 'lazy   '}  ${kb(size.gzip).padStart(9)} gzip  ${kb(size.raw).padStart(9)} raw  ${file}`,
  );
}
console.log('JavaScript chunks:');
for (const row of rows) console.log(row);
const verdict = initialGzip <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(`Initial JS: ${kb(initialGzip)} gzipped (${verdict} the ${kb(BUDGET_BYTES)} budget)`);
if (initialGzip > BUDGET_BYTES) process.exitCode = 1;
