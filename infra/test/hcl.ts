/**
 * Terraform, parsed: every `.tf` file through @cdktf/hcl2json (HashiCorp's own HCL parser compiled to
 * WebAssembly), merged into one configuration the checks in terraform-checks.ts walk.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One labelled block (`resource "type" "name" {...}`), with the file it came from. */
export interface Block {
  readonly kind: 'resource' | 'data' | 'variable' | 'output';
  readonly type: string;
  readonly name: string;
  readonly body: JsonObject;
  readonly file: string;
}

export interface TerraformConfig {
  readonly resources: readonly Block[];
  readonly data: readonly Block[];
  readonly variables: readonly Block[];
  readonly outputs: readonly Block[];
  readonly terraform: readonly JsonObject[];
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested blocks parse as arrays of objects; a single attribute object is accepted too. */
export function nested(body: JsonObject | undefined, key: string): JsonObject[] {
  const value = body?.[key];
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The `content` bodies of `dynamic "<name>" { content {...} }` blocks. */
export function dynamicContents(body: JsonObject | undefined, name: string): JsonObject[] {
  return nested(body, 'dynamic').flatMap((d) => {
    const inner = d[name];
    const generators = Array.isArray(inner) ? inner.filter(isObject) : isObject(inner) ? [inner] : [];
    return generators.flatMap((g) => nested(g, 'content'));
  });
}

export function strings(value: Json | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Parses one file's text; `file` only names it in errors. Throws with the file name on bad HCL. */
export async function parseHcl(file: string, text: string): Promise<JsonObject> {
  let parsed: unknown;
  try {
    parsed = await parse(file, text);
  } catch (error) {
    throw new Error(`${file}: not valid HCL: ${String(error)}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: the HCL parser returned no object`);
  }
  return parsed as JsonObject;
}

function labelled(parsed: JsonObject, key: Block['kind'], file: string, twoLabels: boolean): Block[] {
  const section = parsed[key];
  if (!isObject(section)) return [];
  const blocks: Block[] = [];
  for (const [first, inner] of Object.entries(section)) {
    if (twoLabels && isObject(inner)) {
      for (const [name, bodies] of Object.entries(inner)) {
        for (const body of Array.isArray(bodies) ? bodies.filter(isObject) : []) {
          blocks.push({ kind: key, type: first, name, body, file });
        }
      }
    } else if (!twoLabels) {
      for (const body of Array.isArray(inner) ? inner.filter(isObject) : []) {
        blocks.push({ kind: key, type: key, name: first, body, file });
      }
    }
  }
  return blocks;
}

export function configFromFiles(files: ReadonlyArray<{ file: string; parsed: JsonObject }>): TerraformConfig {
  const all = (key: Block['kind'], twoLabels: boolean): Block[] =>
    files.flatMap(({ file, parsed }) => labelled(parsed, key, file, twoLabels));
  return {
    resources: all('resource', true),
    data: all('data', true),
    variables: all('variable', false),
    outputs: all('output', false),
    terraform: files.flatMap(({ parsed }) => nested(parsed, 'terraform')),
  };
}

export async function loadTerraformDir(dir: string): Promise<{
  config: TerraformConfig;
  files: ReadonlyArray<{ file: string; parsed: JsonObject }>;
}> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.tf')).sort();
  const files = await Promise.all(
    names.map(async (name) => ({
      file: name,
      parsed: await parseHcl(name, await readFile(path.join(dir, name), 'utf8')),
    })),
  );
  return { config: configFromFiles(files), files };
}

/** `snippet` as a one-file configuration: how the tests feed deliberately bad HCL to the checks. */
export async function configFromSnippet(snippet: string): Promise<TerraformConfig> {
  return configFromFiles([{ file: 'snippet.tf', parsed: await parseHcl('snippet.tf', snippet) }]);
}
