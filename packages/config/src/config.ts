import { z } from 'zod';

/**
 * Every setting fin-platform reads from its environment, parsed once at start-up.
 * The type is inferred from the schema so the two can never drift apart.
 * Names are a public contract (README, infra/, users' shells): add, never rename.
 */
const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional())
  .optional();

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

const positiveInt = (fallback: number, max?: number) => {
  const base = z.coerce.number().int('must be a whole number').positive('must be greater than 0');
  return (max === undefined ? base : base.max(max, `must be at most ${max}`)).default(fallback);
};

const schema = z.object({
  LAKE_URL: z.string().trim().min(1).default('.finplat/lake'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  FINPLAT_HOME: z.string().trim().min(1).default('.finplat'),
  FINPLAT_SOURCES: z.enum(['sandbox', 'live'], { error: "must be 'sandbox' or 'live'" }).default('sandbox'),
  YAHOO_BASE_URL: optionalUrl,
  SEC_DATA_BASE_URL: optionalUrl,
  SEC_WWW_BASE_URL: optionalUrl,
  SEC_USER_AGENT: optionalString,
  FX_BASE_URL: optionalUrl,
  OPENFIGI_BASE_URL: optionalUrl,
  OPENFIGI_API_KEY: optionalString,
  // Sources disagree on the keyless maximum (5 or 10); unset = 5 without a key, 100 with one.
  OPENFIGI_JOBS_PER_REQUEST: z.coerce.number().int().positive().max(100).optional(),
  FINPLAT_HISTORY_START: isoDate.default('2000-01-01'),
  FINPLAT_LOOKBACK_DAYS: positiveInt(10, 3650),
  FINPLAT_HTTP_TIMEOUT_MS: positiveInt(30_000),
  // The SEC allows 10 requests/second per user across all machines; never let a setting exceed it.
  SEC_REQUESTS_PER_SECOND: positiveInt(8, 10),
  AWS_REGION: optionalString,
  AWS_ENDPOINT_URL_S3: optionalUrl,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Config = z.infer<typeof schema>;
export type SourcesMode = Config['FINPLAT_SOURCES'];

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nFix the variables above (see README.md, "Configuration") and run again.',
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses the environment once; throws a ConfigError that lists every bad variable at once. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined) picked[key] = value;
  }
  const result = schema.safeParse(picked);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const given = picked[name];
    return `${name}: ${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`;
  });
  throw new ConfigError(problems);
}
