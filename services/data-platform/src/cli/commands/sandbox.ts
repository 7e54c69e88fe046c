import { startSandbox } from '../../sandbox/index.ts';
import { parseFlags, parsePort } from '../usage.ts';
import type { CommandIo } from './io.ts';

export const SANDBOX_USAGE = `Usage: finplat sandbox [--port N] [--no-limits]

Serves the wire formats of Yahoo chart, SEC EDGAR, Frankfurter (ECB rates) and OpenFIGI offline,
with recorded real payloads and deterministic synthetic data for any symbol and date range.
Point the platform at it with the printed *_BASE_URL variables. Stops on Ctrl-C.

Options:
  --port       TCP port (default 0: a free port)
  --no-limits  do not answer 429 when a client exceeds the real APIs' rate limits
  --help       this text`;

const flags = {
  port: { type: 'string' },
  'no-limits': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function sandboxCommand(argv: string[], io: CommandIo, until: Promise<void>): Promise<number> {
  const { values } = parseFlags(argv, flags, SANDBOX_USAGE);
  if (values.help) {
    io.stdout(SANDBOX_USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : parsePort(values.port, SANDBOX_USAGE);
  const sandbox = await startSandbox({ port, limits: !values['no-limits'] });
  io.stdout(
    [
      `Sandbox listening on ${sandbox.url}`,
      `  YAHOO_BASE_URL=${sandbox.baseUrls.yahoo}`,
      `  SEC_DATA_BASE_URL=${sandbox.baseUrls.secData}`,
      `  SEC_WWW_BASE_URL=${sandbox.baseUrls.secWww}`,
      `  FX_BASE_URL=${sandbox.baseUrls.fx}`,
      `  OPENFIGI_BASE_URL=${sandbox.baseUrls.openfigi}`,
    ].join('\n'),
  );
  await until;
  await sandbox.close();
  io.stderr(`sandbox stopped after ${sandbox.requests()} request(s)`);
  return 0;
}
