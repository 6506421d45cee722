import type { TSchema, Static } from 'typebox';
import type { Deps } from '../deps.js';

/** What a handler may report while it runs. */
export interface JobContext {
  /** Progress 0..1 (stored on the job and, for ingestion, on the package row). */
  progress(fraction: number): Promise<void> | void;
  log(message: string): void;
}

/** A typed job: payload schema (ids, not data) and its handler. One file per job, listed in the registry. */
export interface JobDefinition<S extends TSchema = TSchema, R = unknown> {
  name: string;
  payload: S;
  handle(payload: Static<S>, deps: Deps, ctx: JobContext): Promise<R>;
}

export function defineJob<S extends TSchema, R>(def: JobDefinition<S, R>): JobDefinition<S, R> {
  return def;
}
