import { resolve } from 'node:path';

/**
 * Process configuration, read from the environment and checked at start.
 *
 * Read by hand rather than through a TypeBox schema: every `omsx` command and every ingestion worker
 * reads it first, and loading TypeBox costs about 0.4 s of start-up on these machines (it is loaded
 * only by the HTTP API and the job queue, whose schemas it checks).
 */
export interface Config {
  /** PostgreSQL server (`DATABASE_URL`); when absent an embedded PGlite database under `home` is used. */
  databaseUrl?: string;
  /** Schema to work in (`OMSX_DB_SCHEMA`, default `public`; tests give each file its own). */
  dbSchema: string;
  /** `REDIS_URL`, default `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** Data directory for the embedded database and uploads (`OMSX_HOME`, default `./.omsx`). */
  home: string;
  /** `PORT`, default 8080. */
  port: number;
  /** `HOST`, default 127.0.0.1. */
  host: string;
  /** Largest accepted upload / package, bytes (`OMSX_MAX_PACKAGE_BYTES`, default 2 GiB). */
  maxPackageBytes: number;
  /** Largest total uncompressed size of one ZIP, bytes (`OMSX_MAX_UNZIPPED_BYTES`, default 8 GiB). */
  maxUnzippedBytes: number;
  /** Largest compression ratio of one ZIP entry, uncompressed / compressed (`OMSX_MAX_ZIP_RATIO`, default 200). */
  maxZipRatio: number;
  /** Extra code-table directory (TSV files) layered over the bundled data/nsi (`OMSX_NSI_DIR`). */
  nsiDir?: string;
  /** `LOG_LEVEL`, default `info`. */
  logLevel: string;
  /** Model registry directory (`OMSX_MODELS_DIR`, default the repository's `models/` with the baseline model). */
  modelsDir?: string;
  /** Key of the pseudonymous person key (keyed HMAC), `OMSX_PSEUDONYM_KEY`: ≥ 32 characters; `omsx serve` needs it. */
  pseudonymKey?: string;
  /** Lifetime of a web session, hours (`OMSX_SESSION_TTL_HOURS`, default 8). */
  sessionTtlHours: number;
  /** Lifetime of an API token unless `--days` says otherwise (`OMSX_TOKEN_TTL_DAYS`, default 90). */
  tokenTtlDays: number;
  /** Session cookies only over HTTPS (`OMSX_COOKIE_SECURE=1`; set it behind TLS). */
  cookieSecure: boolean;
  /** BullMQ key prefix (`OMSX_QUEUE_PREFIX`, default `omsx`): two installations on one Redis need two prefixes. */
  queuePrefix: string;
  /** Largest JSON request body, bytes (`OMSX_BODY_LIMIT_BYTES`, default 1 MiB; uploads have their own limit). */
  bodyLimitBytes: number;
  /** Login attempts per minute and client address (`OMSX_LOGIN_RATE`, default 10). */
  loginRatePerMinute: number;
  /** Uploads per minute and user (`OMSX_UPLOAD_RATE`, default 30). */
  uploadRatePerMinute: number;
  /**
   * How long a worker's hold on a job lasts without renewal, ms (`OMSX_JOB_LOCK_MS`, default 30 000): a worker that
   * dies (SIGKILL, power) loses its job after this long, and another worker takes it again.
   */
  jobLockMs: number;
  /**
   * How many times a job is tried before it fails for good (`OMSX_JOB_ATTEMPTS`, default 6), the first retry
   * `jobBackoffMs` after the first failure and each next one twice as long after the one before (`OMSX_JOB_BACKOFF_MS`,
   * default 5 000: 5 + 10 + 20 + 40 + 80 s ≈ 2.5 min in all), so that a job rides out a database or Redis restart.
   */
  jobAttempts: number;
  jobBackoffMs: number;
  /**
   * How often the job worker (and `omsx serve` when it runs the jobs itself) looks for packages left `queued` or
   * `running` without a live job, seconds (`OMSX_RECOVERY_INTERVAL_SECONDS`, default 60; src/jobs/recovery.ts).
   */
  recoveryIntervalSeconds: number;
  /**
   * How long a live session or API token is trusted without reading it again, seconds (`OMSX_AUTH_CACHE_SECONDS`,
   * default 10; 0 = read on every request): a logout or revocation by this process applies at once, one made by
   * another process (the CLI, a second API process) within this time (src/access/credential-cache.ts).
   */
  authCacheSeconds: number;
  /**
   * How long a worklist page's total (the count of the items its filters match, for one user's scope) is reused,
   * seconds (`OMSX_WORKLIST_COUNT_SECONDS`, default 5; 0 = counted on every page): a change made through this process
   * shows at once, one made by another (the CLI, the worker) within this time (src/selection/worklist-counts.ts).
   */
  worklistCountSeconds: number;
}

/** How often a job is tried and the first wait between tries, unless `OMSX_JOB_ATTEMPTS` / `OMSX_JOB_BACKOFF_MS` say. */
export const DEFAULT_JOB_ATTEMPTS = 6;
export const DEFAULT_JOB_BACKOFF_MS = 5000;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** Reads the configuration from an environment (default `process.env`); throws on invalid values, naming each. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const errors: string[] = [];
  const text = (name: string) => env[name] || undefined;
  const integer = (name: string, fallback: number, min: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min) {
      errors.push(`${name}=${JSON.stringify(raw)}: expected an integer ≥ ${min}`);
      return fallback;
    }
    return n;
  };
  const config: Config = {
    databaseUrl: text('DATABASE_URL'),
    dbSchema: text('OMSX_DB_SCHEMA') ?? 'public',
    redisUrl: text('REDIS_URL') ?? 'redis://127.0.0.1:6379',
    home: resolve(text('OMSX_HOME') ?? '.omsx'),
    port: integer('PORT', 8080, 0),
    host: text('HOST') ?? '127.0.0.1',
    maxPackageBytes: integer('OMSX_MAX_PACKAGE_BYTES', 2 * 1024 ** 3, 1),
    maxUnzippedBytes: integer('OMSX_MAX_UNZIPPED_BYTES', 8 * 1024 ** 3, 1),
    maxZipRatio: integer('OMSX_MAX_ZIP_RATIO', 200, 1),
    nsiDir: text('OMSX_NSI_DIR'),
    logLevel: text('LOG_LEVEL') ?? 'info',
    modelsDir: text('OMSX_MODELS_DIR'),
    pseudonymKey: text('OMSX_PSEUDONYM_KEY'),
    sessionTtlHours: integer('OMSX_SESSION_TTL_HOURS', 8, 1),
    tokenTtlDays: integer('OMSX_TOKEN_TTL_DAYS', 90, 1),
    cookieSecure: text('OMSX_COOKIE_SECURE') === '1' || text('OMSX_COOKIE_SECURE') === 'true',
    queuePrefix: text('OMSX_QUEUE_PREFIX') ?? 'omsx',
    bodyLimitBytes: integer('OMSX_BODY_LIMIT_BYTES', 1024 * 1024, 1024),
    loginRatePerMinute: integer('OMSX_LOGIN_RATE', 10, 1),
    uploadRatePerMinute: integer('OMSX_UPLOAD_RATE', 30, 1),
    jobLockMs: integer('OMSX_JOB_LOCK_MS', 30_000, 1000),
    jobAttempts: integer('OMSX_JOB_ATTEMPTS', DEFAULT_JOB_ATTEMPTS, 1),
    jobBackoffMs: integer('OMSX_JOB_BACKOFF_MS', DEFAULT_JOB_BACKOFF_MS, 0),
    recoveryIntervalSeconds: integer('OMSX_RECOVERY_INTERVAL_SECONDS', 60, 1),
    authCacheSeconds: integer('OMSX_AUTH_CACHE_SECONDS', 10, 0),
    worklistCountSeconds: integer('OMSX_WORKLIST_COUNT_SECONDS', 5, 0),
    ...overrides,
  };
  if (config.port > 65535) errors.push(`PORT=${config.port}: expected a port number (0–65535)`);
  // the schema name is put into SQL (SET search_path) as it is
  if (!SCHEMA_NAME.test(config.dbSchema)) errors.push(`OMSX_DB_SCHEMA=${JSON.stringify(config.dbSchema)}: expected ${SCHEMA_NAME.source}`);
  if (config.pseudonymKey !== undefined && config.pseudonymKey.length < 32)
    errors.push('OMSX_PSEUDONYM_KEY: expected at least 32 characters (a random secret, e.g. `openssl rand -base64 48`)');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(config.queuePrefix))
    errors.push(`OMSX_QUEUE_PREFIX=${JSON.stringify(config.queuePrefix)}: expected [A-Za-z0-9_-]{1,64}`);
  if (errors.length) throw new Error('invalid configuration: ' + errors.join('; '));
  return config;
}
