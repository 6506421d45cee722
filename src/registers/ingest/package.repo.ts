import type { PackageRow } from '../store/package-list.repo.js';
import type { SqlPort } from '../../db/sql.port.js';
import type { PackageResult } from './ingest.service.js';
import { storable } from '../quote.js';

/** A package the recovery sweep looks at: its status and where its upload is stored (if it still is). */
export interface UnfinishedPackage {
  id: string;
  status: 'queued' | 'running' | 'failed';
  storage_path: string | null;
  /** The `omsx ingest` run reading it (run-owner.ts); null for an upload. */
  owner: string | null;
}

/** The largest bigint: a longer id names no package (and PostgreSQL would refuse the comparison). */
const MAX_ID = 9223372036854775807n;
const isId = (id: string) => /^[0-9]{1,19}$/.test(id) && BigInt(id) <= MAX_ID;

/** The `package` row: status, progress and the summary of an ingestion. */
export function packageRepo(sql: SqlPort) {
  return {
    async create(
      sourceName: string,
      storagePath?: string,
      upload: { sha256?: string; uploadedBy?: string; codeMo?: string | null } = {},
    ): Promise<string> {
      let id: string | null = null;
      if (upload.uploadedBy) {
        // an upload through the API belongs to its user, and an MO's upload to the MO (migration 0500_access): the
        // owner row comes first, so that the MO's row-level scope sees the package it inserts
        id = (await sql.query<{ id: string }>("SELECT nextval(pg_get_serial_sequence('package', 'id'))::text AS id"))[0].id;
        await sql.query('INSERT INTO package_owner (package_id, uploaded_by, code_mo) VALUES ($1, $2, $3)', [
          id,
          upload.uploadedBy,
          upload.codeMo ?? null,
        ]);
      }
      const r = await sql.query<{ id: string }>(
        "INSERT INTO package (id, source_name, sha256, storage_path, status) VALUES (coalesce($1::bigint, nextval(pg_get_serial_sequence('package', 'id'))), $2, $3, $4, 'queued') RETURNING id::text",
        [id, sourceName, upload.sha256 ?? '', storagePath ?? null],
      );
      return r[0].id;
    },
    /** The package already made for these bytes (one that did not fail), as far as the caller may see. */
    async findBySha(sha256: string): Promise<{ id: string; status: string } | undefined> {
      const r = await sql.query<{ id: string; status: string }>(
        "SELECT id::text, status FROM package WHERE sha256 = $1 AND status <> 'failed' ORDER BY id LIMIT 1",
        [sha256],
      );
      return r[0];
    },
    async dropStorage(id: string) {
      await sql.query('UPDATE package SET storage_path = NULL WHERE id = $1', [id]);
    },
    /** `owner`: the key of the `omsx ingest` run reading it (run-owner.ts), kept in its stats until it finishes. */
    async start(id: string, owner?: string) {
      await sql.query(
        `UPDATE package SET status = 'running', progress = 0, error = NULL,
                stats = CASE WHEN $2::text IS NULL THEN stats ELSE stats || jsonb_build_object('owner', $2::text) END
          WHERE id = $1`,
        [id, owner ?? null],
      );
    },
    async setSha(id: string, sha256: string) {
      await sql.query('UPDATE package SET sha256 = $2 WHERE id = $1', [id, sha256]);
    },
    async progress(id: string, fraction: number) {
      await sql.query('UPDATE package SET progress = $2 WHERE id = $1', [id, fraction]);
    },
    async finish(id: string, r: PackageResult) {
      const stats = {
        files: r.files.map((f) => ({
          file: f.file,
          kind: f.kind,
          status: f.status,
          cases: f.cases,
          accepted: f.accepted,
          rejected: f.rejected,
          findings: f.findingCount,
          error: f.error ?? null,
          fileId: f.fileId ?? null,
          // why a file was rejected whole, for its protocol (nothing else of it is stored): a few header findings
          ...(f.status === 'rejected' ? { reasons: f.findings } : {}),
        })),
        warnings: r.warnings,
      };
      await sql.query('UPDATE package SET status = $2, error = $3, progress = 1, stats = $4, finished_at = now() WHERE id = $1', [
        id,
        r.status,
        r.error === undefined ? null : storable(r.error),
        JSON.stringify(stats, (_k, v: unknown) => (typeof v === 'string' ? storable(v) : v)),
      ]);
    },
    /** The package could not be read to the end (an infrastructure error, a killed run): `failed`, with the reason. */
    async fail(id: string, reason: string) {
      await sql.query("UPDATE package SET status = 'failed', error = $2, finished_at = now() WHERE id = $1", [id, storable(reason)]);
    },
    /** Packages of `ids` still `running` become `failed` with the reason (a run interrupted before it finished them). */
    async failRunning(ids: readonly string[], reason: string) {
      if (!ids.length) return;
      await sql.query(
        "UPDATE package SET status = 'failed', error = $2, finished_at = now() WHERE id = ANY($1::bigint[]) AND status = 'running'",
        [ids, storable(reason)],
      );
    },
    /**
     * Packages older than `minAgeSeconds` that may need the recovery sweep (src/jobs/recovery.ts): `queued` or
     * `running` ones, and `failed` ones still holding their upload. Oldest first, at most `limit`.
     */
    async unfinished(minAgeSeconds: number, limit: number): Promise<UnfinishedPackage[]> {
      return sql.query<UnfinishedPackage>(
        `SELECT id::text, status, storage_path, stats->>'owner' AS owner FROM package
          WHERE (status IN ('queued', 'running') OR (status = 'failed' AND storage_path IS NOT NULL))
            AND created_at < now() - make_interval(secs => $1)
          ORDER BY id LIMIT $2`,
        [minAgeSeconds, limit],
      );
    },
    /** A package not finished yet (`queued`, `running`, or `failed` by a try) fails for good with the reason. */
    async failUnfinished(id: string, reason: string) {
      await sql.query(
        "UPDATE package SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running', 'failed')",
        [id, storable(reason)],
      );
    },
    async get(id: string) {
      if (!isId(id)) return undefined;
      const r = await sql.query<PackageRow & { storage_path: string | null }>(
        'SELECT id::text, source_name, status, error, progress, stats, created_at, finished_at, storage_path FROM package WHERE id = $1',
        [id],
      );
      return r[0] as (typeof r)[0] | undefined;
    },
  };
}
