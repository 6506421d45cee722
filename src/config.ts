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
}

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
    ...overrides,
  };
  if (config.port > 65535) errors.push(`PORT=${config.port}: expected a port number (0–65535)`);
  // the schema name is put into SQL (SET search_path) as it is
  if (!SCHEMA_NAME.test(config.dbSchema)) errors.push(`OMSX_DB_SCHEMA=${JSON.stringify(config.dbSchema)}: expected ${SCHEMA_NAME.source}`);
  if (errors.length) throw new Error('invalid configuration: ' + errors.join('; '));
  return config;
}
