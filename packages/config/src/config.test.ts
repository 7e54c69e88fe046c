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
