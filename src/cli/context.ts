import { loadConfig, type Config } from '../config.js';
import { createDeps, type Deps } from '../deps.js';

/** What every CLI command gets: the configuration and lazily built dependencies. */
export interface CliContext {
  config: Config;
  /** Builds (once) and returns the process dependencies; opens the database. */
  deps(): Promise<Deps>;
  /** Closes what `deps()` opened. */
  close(): Promise<void>;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Standard input (a password for `omsx users add`). */
  in: NodeJS.ReadableStream;
}

export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  in?: NodeJS.ReadableStream;
}

export function createCliContext(
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = { out: process.stdout, err: process.stderr },
): CliContext {
  const config = loadConfig(env);
  let deps: Promise<Deps> | undefined;
  return {
    config,
    deps: () => (deps ??= createDeps(config)),
    async close() {
      if (deps) await (await deps).close();
    },
    out: io.out,
    err: io.err,
    in: io.in ?? process.stdin,
  };
}
