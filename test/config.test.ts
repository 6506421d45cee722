import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toEqual({
      databaseUrl: undefined,
      dbSchema: 'public',
      redisUrl: 'redis://127.0.0.1:6379',
      home: resolve('.omsx'),
      port: 8080,
      host: '127.0.0.1',
      maxPackageBytes: 2 * 1024 ** 3,
      maxUnzippedBytes: 8 * 1024 ** 3,
      maxZipRatio: 200,
      nsiDir: undefined,
      logLevel: 'info',
      pseudonymKey: undefined,
      sessionTtlHours: 8,
      tokenTtlDays: 90,
      cookieSecure: false,
      queuePrefix: 'omsx',
      authCacheSeconds: 10,
      worklistCountSeconds: 5,
      bodyLimitBytes: 1024 * 1024,
      loginRatePerMinute: 10,
      uploadRatePerMinute: 30,
      jobLockMs: 30_000,
      jobAttempts: 6,
      jobBackoffMs: 5000,
      recoveryIntervalSeconds: 60,
    });
  });

  it('reads every variable; empty ones count as unset', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgresql://x@h/db',
      OMSX_DB_SCHEMA: 'bench_1',
      REDIS_URL: 'redis://r:1',
      OMSX_HOME: '/srv/omsx',
      PORT: '9000',
      HOST: '0.0.0.0',
      OMSX_MAX_PACKAGE_BYTES: '1000',
      OMSX_MAX_UNZIPPED_BYTES: '5000',
      OMSX_MAX_ZIP_RATIO: '50',
      OMSX_NSI_DIR: '/srv/nsi',
      LOG_LEVEL: '',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgresql://x@h/db',
      dbSchema: 'bench_1',
      redisUrl: 'redis://r:1',
      home: '/srv/omsx',
      port: 9000,
      host: '0.0.0.0',
      maxPackageBytes: 1000,
      maxUnzippedBytes: 5000,
      maxZipRatio: 50,
      nsiDir: '/srv/nsi',
      logLevel: 'info',
    });
  });

  it('names each invalid variable in one error', () => {
    expect(() => loadConfig({ PORT: 'http', OMSX_MAX_ZIP_RATIO: '0', OMSX_DB_SCHEMA: 'x"; DROP' })).toThrow(
      /^invalid configuration: PORT="http": expected an integer ≥ 0; OMSX_MAX_ZIP_RATIO="0": expected an integer ≥ 1; OMSX_DB_SCHEMA="x\\"; DROP": /,
    );
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT=70000: expected a port number/);
    expect(() => loadConfig({ OMSX_MAX_PACKAGE_BYTES: '1.5' })).toThrow(/OMSX_MAX_PACKAGE_BYTES="1.5"/);
  });

  it('reads how long a worklist total is reused (0 turns it off) and refuses a negative time', () => {
    expect(loadConfig({ OMSX_WORKLIST_COUNT_SECONDS: '0' }).worklistCountSeconds).toBe(0);
    expect(loadConfig({ OMSX_WORKLIST_COUNT_SECONDS: '30' }).worklistCountSeconds).toBe(30);
    expect(() => loadConfig({ OMSX_WORKLIST_COUNT_SECONDS: '-1' })).toThrow(/OMSX_WORKLIST_COUNT_SECONDS="-1": expected an integer ≥ 0/);
  });

  it('reads the retries of a job and the interval of the recovery sweep, and refuses what cannot be one', () => {
    expect(loadConfig({ OMSX_JOB_ATTEMPTS: '10', OMSX_JOB_BACKOFF_MS: '0', OMSX_RECOVERY_INTERVAL_SECONDS: '5' })).toMatchObject({
      jobAttempts: 10,
      jobBackoffMs: 0,
      recoveryIntervalSeconds: 5,
    });
    expect(() => loadConfig({ OMSX_JOB_ATTEMPTS: '0', OMSX_JOB_BACKOFF_MS: '-1', OMSX_RECOVERY_INTERVAL_SECONDS: '0.5' })).toThrow(
      /^invalid configuration: OMSX_JOB_ATTEMPTS="0": expected an integer ≥ 1; OMSX_JOB_BACKOFF_MS="-1": expected an integer ≥ 0; OMSX_RECOVERY_INTERVAL_SECONDS="0.5": expected an integer ≥ 1$/,
    );
  });

  it('applies overrides, and checks them too', () => {
    expect(loadConfig({ PORT: '1' }, { port: 2 }).port).toBe(2);
    expect(() => loadConfig({}, { dbSchema: 'Bad-Name' })).toThrow(/OMSX_DB_SCHEMA="Bad-Name"/);
  });
});
