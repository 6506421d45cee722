import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import type { JobQueue } from './jobs/queue.js';

/** Everything the routes, job handlers and CLI commands need, built once per process. */
export interface Deps {
  config: Config;
  db: Database;
  /** Current time; tests pass a fixed clock. */
  now: () => Date;
  /** The BullMQ queue in service mode (API); absent when jobs run in-process (CLI). */
  queue?: JobQueue;
  close(): Promise<void>;
}

export interface DepsOptions {
  /** An already-open database (tests share one per file). */
  db?: Database;
  now?: () => Date;
  queue?: JobQueue;
}

/** Builds the process dependencies from the configuration. */
export async function createDeps(config: Config, opts: DepsOptions = {}): Promise<Deps> {
  const ownDb = !opts.db;
  const db =
    opts.db ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      schema: config.dbSchema,
      home: config.home,
    }));
  return {
    config,
    db,
    now: opts.now ?? (() => new Date()),
    queue: opts.queue,
    async close() {
      await opts.queue?.close();
      if (ownDb) await db.close();
    },
  };
}
