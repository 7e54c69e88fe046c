/**
 * The API never imports ingestion or data-platform code and never reaches an external host: every
 * import in services/app-api/src is a relative path inside it, a node: builtin, a workspace package
 * on the allow-list or a declared dependency; and no HTTP client module is imported at all.
 * (The ESLint rule in eslint.config.js enforces the same while editing.)
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const ALLOWED_PACKAGES = new Set([
  '@fastify/cookie',
  '@fastify/static',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  '@finplat/config',
  '@finplat/db',
  '@node-rs/argon2',
  'csv-parse',
  'csv-stringify',
  'decimal.js',
  'fastify',
  'fastify-type-provider-zod',
  'jose',
  'kysely',
  'pg',
  'zod',
  'vitest',
]);
const FORBIDDEN_BUILTINS = new Set([
  'node:http2',
  'node:https',
  'node:net',
  'node:tls',
  'node:dgram',
  'node:dns',
  'node:child_process',
]);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? sourceFiles(path.join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

function imports(source: string): string[] {
  const found: string[] = [];
  // static imports/re-exports at the start of a line (possibly spanning lines), dynamic imports, bare imports
  const pattern =
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(pattern)) found.push(match[1] ?? match[2] ?? match[3] ?? '');
  return found;
}

describe('app-api boundaries', () => {
  it('imports only its own files, allowed packages and safe builtins', async () => {
    const files = await sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const file of files) {
      for (const specifier of imports(await readFile(file, 'utf8'))) {
        const where = `${path.relative(SRC, file)}: ${specifier}`;
        if (specifier.startsWith('.')) {
          const resolved = path.resolve(path.dirname(file), specifier);
          if (!resolved.startsWith(SRC)) problems.push(`${where} leaves services/app-api/src`);
        } else if (specifier.startsWith('node:')) {
          if (FORBIDDEN_BUILTINS.has(specifier)) problems.push(`${where} is a network client module`);
        } else {
          const name = specifier.startsWith('@')
            ? specifier.split('/').slice(0, 2).join('/')
            : (specifier.split('/')[0] ?? '');
          if (!ALLOWED_PACKAGES.has(name)) problems.push(`${where} is not an allowed package`);
        }
      }
      if (/\bfetch\s*\(/.test(await readFile(file, 'utf8')))
        problems.push(`${path.relative(SRC, file)} calls fetch()`);
    }
    expect(problems).toEqual([]);
  });

  it('the scanner itself recognises the import forms it checks', () => {
    expect(
      imports(
        `import a from './a.ts';\nexport { b } from "../b.ts";\nconst c = await import('c');\nimport 'd';`,
      ),
    ).toEqual(['./a.ts', '../b.ts', 'c', 'd']);
  });
});
