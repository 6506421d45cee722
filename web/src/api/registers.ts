// The registers pages: the packages, their files, the rules they broke and the protocol (GET /api/registers…).
import type { Got } from './schema.js';

/** The list of packages (GET /api/registers). */
export type PackageList = Got<'/api/registers'>;
/** A package in the list. */
export type PackageLine = PackageList['items'][number];
export type PackageCounts = PackageLine['counts'];
export type PackageFile = PackageLine['files'][number];
export type RuleLine = PackageLine['rules'][number];

/** One package (GET /api/registers/:id): the list's package without the list's columns, with what ingestion stored. */
export type PackageDetail = Got<'/api/registers/{id}'>;

/** A finding of the protocol (GET /api/registers/:id/protocol?format=json, no response schema: a file's own fields). */
export interface ProtocolEntry {
  file: string;
  control?: string;
  rule: string;
  severity?: string;
  element?: string | null;
  n_zap?: string | null;
  idcase?: string | null;
  message: string;
  [k: string]: unknown;
}
