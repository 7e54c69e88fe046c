/**
 * docker-compose.yml and `docker build` commands: what they reference must exist, what they set must
 * be a configuration variable, and every place that builds an image must build it the same way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type Dockerfile, stage } from './dockerfile.ts';

export interface BuildCommand {
  readonly dockerfile: string;
  readonly target: string | undefined;
  readonly tag: string | undefined;
  readonly context: string;
}

export const describeBuild = (b: BuildCommand): string =>
  `-f ${b.dockerfile} --target ${b.target ?? '(none)'} -t ${b.tag ?? '(none)'} ${b.context}`;

/** Every `docker build ...` in a text (README, shell script, Dockerfile comments), flags normalized. */
export function buildCommands(text: string): BuildCommand[] {
  const commands: BuildCommand[] = [];
  for (const match of text.matchAll(/docker build ([^\n`]+)/g)) {
    const words = (match[1] ?? '').trim().split(/\s+/);
    let dockerfile: string | undefined;
    let target: string | undefined;
    let tag: string | undefined;
    const positional: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? '';
      const next = (): string => words[++i] ?? '';
      if (word === '-f' || word === '--file') dockerfile = next();
      else if (word === '--target') target = next();
      else if (word === '-t' || word === '--tag') tag = next();
      else if (word === '--build-arg') next();
      else if (!word.startsWith('-')) positional.push(word);
    }
    if (dockerfile !== undefined)
      commands.push({ dockerfile, target, tag, context: positional.at(-1) ?? '' });
  }
  return commands;
}

export type Service = Record<string, unknown>;

export function loadCompose(text: string): Record<string, Service> {
  // Compose files use YAML merge keys (<<: *anchor); the yaml package needs to be told.
  const parsed: unknown = parseYaml(text, { merge: true });
  if (typeof parsed !== 'object' || parsed === null)
    throw new Error('docker-compose.yml: not a YAML mapping');
  const services = (parsed as Record<string, unknown>).services;
  if (typeof services !== 'object' || services === null) throw new Error('docker-compose.yml: no services');
  return services as Record<string, Service>;
}

export interface ComposeBuild {
  readonly service: string;
  readonly context: string;
  readonly dockerfile: string;
  readonly target: string | undefined;
  readonly image: string | undefined;
}

export function composeBuilds(services: Record<string, Service>): ComposeBuild[] {
  return Object.entries(services).flatMap(([service, spec]) => {
    const build = spec.build;
    if (build === undefined) return [];
    const b = (typeof build === 'string' ? { context: build } : build) as Record<string, unknown>;
    return [
      {
        service,
        context: typeof b.context === 'string' ? b.context : '.',
        dockerfile: typeof b.dockerfile === 'string' ? b.dockerfile : 'Dockerfile',
        target: typeof b.target === 'string' ? b.target : undefined,
        image: typeof spec.image === 'string' ? spec.image : undefined,
      },
    ];
  });
}

const sourceOf = (v: { source?: unknown }): string => (typeof v.source === 'string' ? v.source : '');

/** Bind-mount sources (relative or absolute paths; named volumes are not paths). */
export function bindSources(spec: Service): string[] {
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  return volumes
    .map((v: unknown) =>
      typeof v === 'string'
        ? (v.split(':')[0] ?? '')
        : typeof v === 'object' && v !== null
          ? sourceOf(v as { source?: unknown })
          : '',
    )
    .filter((source) => source.startsWith('.') || source.startsWith('/'));
}

/**
 * Paths compose resolves relative to its own folder: build contexts, Dockerfiles (relative to the
 * context), targets (stages of that Dockerfile) and bind mounts. `skip` names paths checked elsewhere.
 */
export function referencedPathProblems(
  services: Record<string, Service>,
  composeDir: string,
  readDockerfile: (absolutePath: string) => Dockerfile,
  skip: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  for (const build of composeBuilds(services)) {
    const context = path.resolve(composeDir, build.context);
    const dockerfile = path.resolve(context, build.dockerfile);
    if (!existsSync(context))
      problems.push(`${build.service}: build context ${build.context} does not exist`);
    if (!existsSync(dockerfile)) {
      problems.push(`${build.service}: Dockerfile ${build.dockerfile} does not exist in ${build.context}`);
    } else if (build.target !== undefined && stage(readDockerfile(dockerfile), build.target) === undefined) {
      problems.push(`${build.service}: ${build.dockerfile} has no stage "${build.target}"`);
    }
  }
  for (const [service, spec] of Object.entries(services)) {
    for (const source of bindSources(spec)) {
      const absolute = path.resolve(composeDir, source);
      if (!skip.includes(absolute) && !existsSync(absolute))
        problems.push(`${service}: mounted path ${source} does not exist`);
    }
  }
  return problems;
}

export function environmentKeys(spec: Service): string[] {
  const env = spec.environment;
  if (Array.isArray(env)) return env.map((e) => String(e).split('=')[0] ?? '');
  return typeof env === 'object' && env !== null ? Object.keys(env) : [];
}

/** Services built from our Dockerfiles (or using their images) run our code and read our config. */
export function ourServices(services: Record<string, Service>): string[] {
  return Object.entries(services)
    .filter(
      ([, spec]) =>
        spec.build !== undefined || (typeof spec.image === 'string' && spec.image.startsWith('finplat-')),
    )
    .map(([name]) => name);
}

/**
 * Variables the config schema does not own but our containers legitimately set: the AWS SDK's
 * standard credential chain (config.ts: "credentials come from the standard AWS chain"), Node's
 * NODE_ENV, and Airflow's own AIRFLOW__SECTION__KEY settings in the Airflow service.
 */
export const FOREIGN_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'NODE_ENV'] as const;

export function environmentProblems(
  services: Record<string, Service>,
  configKeys: readonly string[],
  airflowServices: readonly string[],
): string[] {
  const allowed = new Set<string>([...configKeys, ...FOREIGN_VARIABLES]);
  return ourServices(services).flatMap((name) =>
    environmentKeys(services[name] ?? {})
      .filter((key) => !allowed.has(key) && !(airflowServices.includes(name) && key.startsWith('AIRFLOW__')))
      .map((key) => `${name}: sets ${key}, which is not a variable of packages/config (CONFIG_KEYS)`),
  );
}

/** `finplat <subcommand>` mentions in shell text. */
export function finplatSubcommands(text: string): string[] {
  // Not `dbname=finplat user=...`, not `/opt/finplat ...`: only the word finplat as a command.
  return [...text.matchAll(/(?<![\w=/.-])finplat (?!-)([a-z][a-z-]*)/g)].map((m) => m[1] ?? '');
}

/** The commands main.ts dispatches (`case 'name':`). */
export function cliCommands(mainTs: string): string[] {
  return [...mainTs.matchAll(/case '([a-z][a-z-]*)':/g)].map((m) => m[1] ?? '').filter((c) => c !== 'help');
}
