import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import path from 'node:path';

export const FINPLAT_BIN = path.join(import.meta.dirname, '..', 'bin', 'finplat.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `finplat` binary in a child process with exactly the given environment. */
export function startCli(
  args: string[],
  env: Record<string, string | undefined>,
  cwd: string,
): { child: ChildProcessByStdio<null, Readable, Readable>; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [FINPLAT_BIN, ...args], {
    cwd,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<CliResult> {
  return startCli(args, env, cwd).done;
}

/** PATH and HOME only, plus what the test sets: no DATABASE_URL or *_BASE_URL leaks in from the runner. */
function cleanEnv(extra: Record<string, string | undefined>): Record<string, string> {
  // eslint-disable-next-line no-restricted-properties -- a child process needs PATH/HOME; config still comes only from `extra`
  const { PATH, HOME } = process.env;
  const base: Record<string, string | undefined> = {
    PATH,
    HOME,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}
