/**
 * The API's settings, resolved once from @finplat/config. The JWT key comes from JWT_SECRET, or (dev,
 * sandbox) from <FINPLAT_HOME>/jwt-secret, generated on first start with 32 random bytes and mode 0600
 * so that tokens survive restarts and no key is ever committed.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '@finplat/config';

export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface ApiSettings {
  readonly jwtSecret: Uint8Array;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlDays: number;
  readonly cookieSecure: boolean;
  readonly corsOrigins: readonly string[];
  readonly benchmarkSymbol: string;
  readonly rateLimits: {
    /** login + register attempts per client IP */
    readonly authPerIp: RateLimit;
    /** failed logins per account (email), so many IPs cannot hammer one account */
    readonly loginFailuresPerAccount: RateLimit;
  };
}

export const DEFAULT_RATE_LIMITS: ApiSettings['rateLimits'] = {
  authPerIp: { limit: 30, windowMs: 10 * 60_000 },
  loginFailuresPerAccount: { limit: 10, windowMs: 15 * 60_000 },
};

const SECRET_FILE = 'jwt-secret';

export async function resolveSettings(config: Config, cwd: string): Promise<ApiSettings> {
  const secret =
    config.JWT_SECRET ?? (await readOrCreateSecret(path.resolve(cwd, config.FINPLAT_HOME, SECRET_FILE)));
  return {
    jwtSecret: new TextEncoder().encode(secret),
    issuer: 'finplat',
    audience: 'finplat-api',
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
    cookieSecure: config.COOKIE_SECURE,
    corsOrigins: config.CORS_ORIGINS,
    benchmarkSymbol: config.BENCHMARK_SYMBOL,
    rateLimits: DEFAULT_RATE_LIMITS,
  };
}

async function readOrCreateSecret(file: string): Promise<string> {
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  // 'wx' never overwrites a key another process created meanwhile; then read the winner's key.
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return (await readFile(file, 'utf8')).trim();
}
