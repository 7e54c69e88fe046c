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

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

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
  // Orchestration (`finplat run|task|backfill|schedule`). The universe file the daily DAG ingests;
  // unset = the bundled services/data-platform/config/universe.json.
  FINPLAT_UNIVERSE: optionalString,
  // When `finplat schedule` runs the DAG: a 5-field cron expression read in FINPLAT_SCHEDULE_TIMEZONE;
  // the logical date of a run is the calendar date of its fire time there. Default: weekdays after
  // the US close (18:30 New York, when the day's bars are final).
  FINPLAT_SCHEDULE_CRON: z
    .string()
    .trim()
    .regex(/^\S+(\s+\S+){4}$/, 'must be a 5-field cron expression, e.g. "30 18 * * 1-5"')
    .default('30 18 * * 1-5'),
  FINPLAT_SCHEDULE_TIMEZONE: z
    .string()
    .trim()
    .refine(isTimeZone, 'must be an IANA time zone such as America/New_York or UTC')
    .default('America/New_York'),
  // Missed scheduled dates within this many days are run when the scheduler starts; 0 = none.
  FINPLAT_CATCHUP_DAYS: z.coerce
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(366, 'must be at most 366')
    .default(7),
  // Most DAG nodes running at once in one process (all dates of a backfill together).
  FINPLAT_TASK_CONCURRENCY: positiveInt(4, 64),
  AWS_REGION: optionalString,
  AWS_ENDPOINT_URL_S3: optionalUrl,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // The API (services/app-api), started by `finplat serve`.
  PORT: positiveInt(8080, 65_535),
  // HMAC key for access tokens (HS256), at least 32 characters. Unset: a random key is generated once
  // and kept in <FINPLAT_HOME>/jwt-secret, so tokens survive restarts without a secret in the repo.
  JWT_SECRET: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters (use 32+ random bytes, e.g. base64)').optional(),
  ),
  // RFC 8725 / OWASP: short-lived access tokens; 15 minutes is the ceiling, not a suggestion.
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900, 900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt(30, 365),
  // The refresh cookie's Secure flag. Browsers accept Secure cookies from http://localhost, so only
  // a plain-http deployment on another host name needs 'false'.
  COOKIE_SECURE: z
    .enum(['true', 'false'], { error: "must be 'true' or 'false'" })
    .default('true')
    .transform((value) => value === 'true'),
  // Comma-separated origins allowed by CORS (e.g. http://localhost:5173); empty = same origin only.
  CORS_ORIGINS: z
    .string()
    .trim()
    .default('')
    .transform((value) =>
      value === ''
        ? []
        : value
            .split(',')
            .map((origin) => origin.trim())
            .filter((origin) => origin !== ''),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'each origin must be an http(s) URL' }))),
  BENCHMARK_SYMBOL: z.string().trim().min(1).default('SPY'),
});

export type Config = z.infer<typeof schema>;

/** Every variable name the schema reads; infra/ checks its compose and Dockerfiles against it. */
export const CONFIG_KEYS: readonly (keyof Config)[] = Object.keys(schema.shape) as (keyof Config)[];
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
    // Secrets are never echoed: this message ends up in terminals and logs.
    const given = /SECRET|API_KEY/.test(name) ? undefined : picked[name];
    return `${name}: ${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`;
  });
  throw new ConfigError(problems);
}
