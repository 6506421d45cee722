import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { resolve } from 'node:path';

/** Process configuration, read from the environment and validated at start. */
export const ConfigSchema = Type.Object({
  /** PostgreSQL server; when absent an embedded PGlite database under `home` is used. */
  databaseUrl: Type.Optional(Type.String()),
  /** Schema to work in (tests give each file its own). */
  dbSchema: Type.String({ default: 'public', pattern: '^[a-z_][a-z0-9_]*$' }),
  redisUrl: Type.String({ default: 'redis://127.0.0.1:6379' }),
  /** Data directory for the embedded database and uploads. */
  home: Type.String(),
  port: Type.Integer({ default: 8080 }),
  host: Type.String({ default: '127.0.0.1' }),
  /** Largest accepted upload / package, bytes. */
  maxPackageBytes: Type.Integer({ default: 2 * 1024 ** 3 }),
  /** Largest total uncompressed size of one ZIP, bytes. */
  maxUnzippedBytes: Type.Integer({ default: 8 * 1024 ** 3 }),
  /** Largest compression ratio of one ZIP entry (uncompressed / compressed). */
  maxZipRatio: Type.Integer({ default: 200 }),
  /** Extra code-table directory (TSV files) layered over the bundled data/nsi. */
  nsiDir: Type.Optional(Type.String()),
  logLevel: Type.String({ default: 'info' }),
});
export type Config = Static<typeof ConfigSchema>;

/** Reads the configuration from an environment (default `process.env`); throws on invalid values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw = {
    databaseUrl: env.DATABASE_URL || undefined,
    dbSchema: env.OMSX_DB_SCHEMA || undefined,
    redisUrl: env.REDIS_URL || undefined,
    home: resolve(env.OMSX_HOME || '.omsx'),
    port: env.PORT ? Number(env.PORT) : undefined,
    host: env.HOST || undefined,
    maxPackageBytes: env.OMSX_MAX_PACKAGE_BYTES ? Number(env.OMSX_MAX_PACKAGE_BYTES) : undefined,
    maxUnzippedBytes: env.OMSX_MAX_UNZIPPED_BYTES ? Number(env.OMSX_MAX_UNZIPPED_BYTES) : undefined,
    maxZipRatio: env.OMSX_MAX_ZIP_RATIO ? Number(env.OMSX_MAX_ZIP_RATIO) : undefined,
    nsiDir: env.OMSX_NSI_DIR || undefined,
    logLevel: env.LOG_LEVEL || undefined,
    ...overrides,
  };
  const withDefaults = Value.Default(ConfigSchema, Value.Clean(ConfigSchema, structuredClone(raw)));
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length) {
    throw new Error('invalid configuration: ' + errors.map((e) => `${e.instancePath} ${e.message}`).join('; '));
  }
  return withDefaults as Config;
}
