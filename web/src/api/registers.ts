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

/** A file's protocol as JSON (GET /api/registers/:id/protocol?format=json). */
export type Protocol = Got<'/api/registers/{id}/protocol'>;
/** A finding of the protocol. */
export type ProtocolEntry = Protocol['findings'][number];
