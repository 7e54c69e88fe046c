import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad flags, a bad date: printed as one line plus the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<T extends Options>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[\w+\]: /, ''), usage);
  }
}

export function parseDate(value: string, flag: string, usage: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag}: "${value}" is not a calendar date in the form YYYY-MM-DD`, usage);
  }
  return value;
}

export function parseList(value: string, flag: string, usage: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0)
    throw new UsageError(`${flag}: expected a comma-separated list, got "${value}"`, usage);
  return items;
}

export function parsePort(value: string, usage: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: "${value}" is not a TCP port (0-65535)`, usage);
  return port;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
