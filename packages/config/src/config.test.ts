import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { resolveLakeUrl } from './lake-url.ts';

describe('loadConfig', () => {
  it('applies documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.LAKE_URL).toBe('.finplat/lake');
    expect(config.FINPLAT_SOURCES).toBe('sandbox');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.FINPLAT_LOOKBACK_DAYS).toBe(10);
    expect(config.SEC_REQUESTS_PER_SECOND).toBe(8);
    expect(config.FINPLAT_HISTORY_START).toBe('2000-01-01');
  });

  it('lists every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadConfig({
        FINPLAT_SOURCES: 'prod',
        YAHOO_BASE_URL: 'not a url',
        SEC_REQUESTS_PER_SECOND: '11',
        DATABASE_URL: 'mysql://x',
        FINPLAT_LOOKBACK_DAYS: '-3',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of [
      'FINPLAT_SOURCES',
      'YAHOO_BASE_URL',
      'SEC_REQUESTS_PER_SECOND',
      'DATABASE_URL',
      'FINPLAT_LOOKBACK_DAYS',
    ]) {
      expect(problems).toContain(name);
    }
    expect((caught as ConfigError).problems).toHaveLength(5);
    expect((caught as ConfigError).message).toContain('"prod"');
  });

  it('gives the API settings safe defaults and checks them', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8080);
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(config.REFRESH_TOKEN_TTL_DAYS).toBe(30);
    expect(config.COOKIE_SECURE).toBe(true);
    expect(config.CORS_ORIGINS).toEqual([]);
    expect(config.BENCHMARK_SYMBOL).toBe('SPY');

    const custom = loadConfig({
      PORT: '3000',
      JWT_SECRET: 'x'.repeat(32),
      ACCESS_TOKEN_TTL_SECONDS: '300',
      COOKIE_SECURE: 'false',
      CORS_ORIGINS: 'http://localhost:5173, https://app.example.com',
    });
    expect(custom.PORT).toBe(3000);
    expect(custom.COOKIE_SECURE).toBe(false);
    expect(custom.CORS_ORIGINS).toEqual(['http://localhost:5173', 'https://app.example.com']);

    let caught: unknown;
    try {
      loadConfig({
        JWT_SECRET: 'short',
        ACCESS_TOKEN_TTL_SECONDS: '3600',
        PORT: '70000',
        COOKIE_SECURE: 'yes',
        CORS_ORIGINS: 'ftp://x',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of ['JWT_SECRET', 'ACCESS_TOKEN_TTL_SECONDS', 'PORT', 'COOKIE_SECURE', 'CORS_ORIGINS']) {
      expect(problems).toContain(name);
    }
    expect(problems).not.toContain('short'); // secrets are never echoed
  });

  it('gives the orchestration settings defaults and checks them', () => {
    const config = loadConfig({});
    expect(config.FINPLAT_UNIVERSE).toBeUndefined();
    expect(config.FINPLAT_SCHEDULE_CRON).toBe('30 18 * * 1-5');
    expect(config.FINPLAT_SCHEDULE_TIMEZONE).toBe('America/New_York');
    expect(config.FINPLAT_CATCHUP_DAYS).toBe(7);
    expect(config.FINPLAT_TASK_CONCURRENCY).toBe(4);

    const custom = loadConfig({
      FINPLAT_SCHEDULE_CRON: ' 0 23 * * 1-5 ',
      FINPLAT_SCHEDULE_TIMEZONE: 'UTC',
      FINPLAT_CATCHUP_DAYS: '0',
      FINPLAT_TASK_CONCURRENCY: '2',
    });
    expect(custom.FINPLAT_SCHEDULE_CRON).toBe('0 23 * * 1-5');
    expect(custom.FINPLAT_SCHEDULE_TIMEZONE).toBe('UTC');
    expect(custom.FINPLAT_CATCHUP_DAYS).toBe(0);
    expect(custom.FINPLAT_TASK_CONCURRENCY).toBe(2);

    let caught: unknown;
    try {
      loadConfig({
        FINPLAT_SCHEDULE_CRON: '30 18 * *',
        FINPLAT_SCHEDULE_TIMEZONE: 'Mars/Olympus_Mons',
        FINPLAT_CATCHUP_DAYS: '-1',
        FINPLAT_TASK_CONCURRENCY: '0',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(4);
    for (const name of [
      'FINPLAT_SCHEDULE_CRON',
      'FINPLAT_SCHEDULE_TIMEZONE',
      'FINPLAT_CATCHUP_DAYS',
      'FINPLAT_TASK_CONCURRENCY',
    ])
      expect(problems.join('\n')).toContain(name);
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ YAHOO_BASE_URL: '', OPENFIGI_API_KEY: '' });
    expect(config.YAHOO_BASE_URL).toBeUndefined();
    expect(config.OPENFIGI_API_KEY).toBeUndefined();
  });
});

describe('resolveLakeUrl', () => {
  it('resolves relative paths, file URLs and s3 URLs', () => {
    expect(resolveLakeUrl('.finplat/lake', '/srv/app')).toEqual({
      kind: 'local',
      root: '/srv/app/.finplat/lake',
    });
    expect(resolveLakeUrl('file:///data/lake', '/x')).toEqual({ kind: 'local', root: '/data/lake' });
    expect(resolveLakeUrl('s3://my-bucket/lake/v1/', '/x')).toEqual({
      kind: 's3',
      bucket: 'my-bucket',
      prefix: 'lake/v1',
    });
    expect(resolveLakeUrl('s3://my-bucket', '/x')).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: '' });
  });

  it('rejects unknown schemes and bad buckets', () => {
    expect(() => resolveLakeUrl('gs://bucket/x', '/x')).toThrow(/unsupported scheme/);
    expect(() => resolveLakeUrl('s3://B_/x', '/x')).toThrow(/valid S3 bucket/);
  });
});
