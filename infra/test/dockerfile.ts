/**
 * A small Dockerfile reader: instructions (continuation lines joined, comments dropped), stages with
 * their resolved base image, and the `docker build` commands quoted in comments.
 */

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  readonly name: string;
  /** Base image with global ARG defaults substituted, or the name of an earlier stage. */
  readonly base: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly stages: readonly Stage[];
  readonly comments: readonly string[];
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  const comments: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const trimmed = (lines[i] ?? '').trim();
    if (trimmed.startsWith('#')) {
      comments.push(trimmed.replace(/^#\s?/, ''));
      continue;
    }
    if (trimmed === '') continue;
    const start = i;
    let joined = trimmed;
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      i++;
      joined = `${joined.slice(0, -1).trimEnd()} ${(lines[i] ?? '').trim()}`;
    }
    const match = /^(\S+)\s*(.*)$/.exec(joined);
    if (match)
      instructions.push({ keyword: (match[1] ?? '').toUpperCase(), args: match[2] ?? '', line: start + 1 });
  }

  const globalArgs = new Map<string, string>();
  const stages: Array<{ name: string; base: string; instructions: Instruction[] }> = [];
  for (const instruction of instructions) {
    const current = stages.at(-1);
    if (instruction.keyword === 'FROM') {
      const [image = '', , alias] = instruction.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      const base = image.replace(
        /\$\{(\w+)\}|\$(\w+)/g,
        (whole, a?: string, b?: string) => globalArgs.get(a ?? b ?? '') ?? whole,
      );
      stages.push({ name: alias ?? String(stages.length), base, instructions: [] });
    } else if (current === undefined && instruction.keyword === 'ARG') {
      const [name = '', value = ''] = instruction.args.split('=', 2);
      globalArgs.set(name.trim(), value.trim());
    } else {
      current?.instructions.push(instruction);
    }
  }
  return { stages, comments };
}

export function stage(dockerfile: Dockerfile, name: string): Stage | undefined {
  return dockerfile.stages.find((s) => s.name === name);
}

/** The stage and every stage it is built FROM, nearest first. */
export function ancestry(dockerfile: Dockerfile, name: string): Stage[] {
  const chain: Stage[] = [];
  for (
    let s = stage(dockerfile, name);
    s !== undefined && !chain.includes(s);
    s = stage(dockerfile, s.base)
  ) {
    chain.push(s);
  }
  return chain;
}

/** Names set by ENV in both forms: `ENV A=1 B=2` and the legacy `ENV A 1`. */
export function envKeys(s: Stage): string[] {
  return s.instructions
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) =>
      i.args.includes('=')
        ? [...i.args.matchAll(/(\w+)=/g)].map((m) => m[1] ?? '')
        : [i.args.split(/\s+/)[0] ?? ''],
    );
}

/** Paths a COPY/ADD takes from the build context (not --from another stage or image). */
export function contextSources(s: Stage): string[] {
  return s.instructions
    .filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !/--from=/.test(i.args))
    .flatMap((i) => {
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      return parts.slice(0, -1);
    });
}

/** The final USER of a stage's chain; root when none is set. */
export function effectiveUser(dockerfile: Dockerfile, name: string): string {
  for (const s of ancestry(dockerfile, name)) {
    const users = s.instructions.filter((i) => i.keyword === 'USER');
    const last = users.at(-1);
    if (last !== undefined) return last.args.trim();
  }
  return 'root';
}

/** Exec-form CMD/ENTRYPOINT as a list (JSON array), or the shell-form string as one item. */
export function execForm(s: Stage, keyword: 'CMD' | 'ENTRYPOINT'): string[] | undefined {
  const last = s.instructions.filter((i) => i.keyword === keyword).at(-1);
  if (last === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(last.args);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // shell form
  }
  return [last.args];
}
