/** Rules every image we ship follows; each returns problems (empty = pass). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ancestry, contextSources, type Dockerfile, effectiveUser, envKeys, stage } from './dockerfile.ts';

export interface ImageRules {
  readonly repoRoot: string;
  readonly configKeys: readonly string[];
  /** Workspace folders (relative to the repo root) whose package.json `npm ci` needs. */
  readonly workspaces: readonly string[];
  /** Expected base image of the target stage; undefined = not checked (the Airflow image). */
  readonly base: string | undefined;
}

export function imageProblems(dockerfile: Dockerfile, target: string, rules: ImageRules): string[] {
  const final = stage(dockerfile, target);
  if (final === undefined) return [`no stage named "${target}"`];
  const problems: string[] = [];
  const chain = ancestry(dockerfile, target);

  if (rules.base !== undefined && final.base !== rules.base) {
    problems.push(`${target}: based on ${final.base}, expected ${rules.base}`);
  }
  const user = effectiveUser(dockerfile, target);
  if (['root', '0', '0:0', 'root:root'].includes(user)) problems.push(`${target}: runs as root (add USER)`);
  if (!final.instructions.some((i) => i.keyword === 'HEALTHCHECK' && !/^NONE\b/i.test(i.args))) {
    problems.push(`${target}: has no HEALTHCHECK`);
  }

  // Dependencies come from the stages the target copies its app from (COPY --from=<stage>).
  const sourceStages = final.instructions
    .flatMap((i) => [...i.args.matchAll(/--from=([\w-]+)/g)].map((m) => m[1] ?? ''))
    .flatMap((name) => ancestry(dockerfile, name));
  const builders = [...new Set([...chain, ...sourceStages])];
  const runs = builders.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args));
  if (!runs.some((r) => /\bnpm ci\b/.test(r)))
    problems.push(`${target}: dependencies are not installed with npm ci`);
  if (!runs.some((r) => /\bnpm prune --omit=dev\b/.test(r)))
    problems.push(`${target}: dev dependencies are not pruned (npm prune --omit=dev)`);

  const copied = builders.flatMap(contextSources);
  for (const workspace of rules.workspaces) {
    const manifest = `${workspace}/package.json`;
    if (!copied.includes(manifest))
      problems.push(`${target}: does not COPY ${manifest} before npm ci (a workspace of package.json)`);
  }
  for (const source of new Set(copied)) {
    if (!existsSync(path.join(rules.repoRoot, source)))
      problems.push(`${target}: COPY source ${source} does not exist`);
  }

  const allowed = new Set([...rules.configKeys, 'NODE_ENV']);
  for (const key of chain.flatMap(envKeys)) {
    if (!allowed.has(key))
      problems.push(`${target}: ENV ${key} is not a variable of packages/config (CONFIG_KEYS)`);
  }
  return problems;
}
