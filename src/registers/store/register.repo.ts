/**
 * Database writes of one register file, inside the caller's transaction: the file row, id
 * allocation, COPY of cases/sub-cases/sanctions/persons/findings, counts, and superseding the
 * records a corrected register replaces.
 */
import { cut, storable } from '../quote.js';
import type { BinaryType } from '../../db/copy-binary.js';
import type { SqlPort } from '../../db/sql.port.js';
import { copyLine } from '../../db/sql.port.js';
import type { Finding } from '../contracts.js';
import type { RegisterHeader } from '../model.js';
import { CASE_COLUMNS, SANK_COLUMNS, SUB_CASE_COLUMNS } from './case-rows.js';

const FINDING_COLUMNS = [
  'register_file_id',
  'package_id',
  'file_name',
  'control',
  'rule',
  'severity',
  'element',
  'bas_el',
  'n_zap',
  'id_pac',
  'idcase',
  'sl_id',
  'idserv',
  'message',
] as const;
/** The columns of `person` with their types in binary COPY (a test holds them to the migrated table, as the cases'). */
export const PERSON_FIELDS = {
  register_file_id: 'int8',
  id_pac: 'text',
  fam: 'text',
  im: 'text',
  ot: 'text',
  w: 'int4',
  dr: 'date',
  snils: 'text',
  data: 'json',
} as const satisfies Record<string, BinaryType>;
export const PERSON_COLUMNS = Object.keys(PERSON_FIELDS) as readonly (keyof typeof PERSON_FIELDS)[];
export const PERSON_TYPES: readonly BinaryType[] = Object.values(PERSON_FIELDS);

/** Below this size (pages of 8 KiB, ~1 000 cases) any plan is fast: no ANALYZE. */
const STATS_MIN_PAGES = 64;

const intOrNull = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : null);

export interface NewFile {
  packageId: bigint | string;
  fileName: string;
  kind: string;
  version: string;
  sha256: string;
  pairedWith?: string;
  header: RegisterHeader | Record<string, unknown>;
}

/** Links a file's findings ($1) to its stored cases (registerRepo.linkFindings). */
export const LINK_FINDINGS_SQL = `UPDATE finding f SET case_id = (SELECT c.id FROM "case" c WHERE c.register_file_id = $1 AND c.n_zap = f.n_zap)
  WHERE f.register_file_id = $1 AND f.n_zap IS NOT NULL`;

export function registerRepo(sql: SqlPort) {
  return {
    async fileIdBySha(sha256: string): Promise<string | undefined> {
      return (await this.fileBySha(sha256))?.id;
    },

    /** The stored file of this content and the package that stored it. */
    async fileBySha(sha256: string) {
      const r = await sql.query<{ id: string; package_id: string }>(
        'SELECT id::text, package_id::text FROM register_file WHERE sha256 = $1',
        [sha256],
      );
      return r[0] as (typeof r)[0] | undefined;
    },

    /** What a stored file's ingestion reported: its counts, findings and the cases its records superseded. */
    async fileCounts(fileId: string) {
      const [r] = await sql.query<{ cases: number; accepted: number; rejected: number; findings: number; superseded: number }>(
        `SELECT f.cases, f.accepted, f.rejected,
                (SELECT count(*)::int FROM finding WHERE register_file_id = f.id) AS findings,
                (SELECT count(*)::int FROM "case" o WHERE o.status = 'superseded'
                    AND o.superseded_by IN (SELECT id FROM "case" WHERE register_file_id = f.id)) AS superseded
           FROM register_file f WHERE f.id = $1`,
        [fileId],
      );
      return r;
    },

    async insertFile(f: NewFile): Promise<string> {
      const h = f.header as Partial<RegisterHeader>;
      const s = h.SCHET;
      const r = await sql.query<{ id: string }>(
        `INSERT INTO register_file (package_id, file_name, kind, version, sha256, paired_with, schet_code, code_mo, year, month,
           nschet, dschet, plat, summav, ref_code, ref_year, ref_month, header)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING id::text`,
        [
          f.packageId,
          f.fileName,
          f.kind,
          f.version,
          f.sha256,
          f.pairedWith ?? null,
          s?.CODE ?? null,
          s?.CODE_MO ?? null,
          intOrNull(s?.YEAR),
          intOrNull(s?.MONTH),
          s?.NSCHET ?? null,
          s?.DSCHET && /^\d{4}-\d{2}-\d{2}$/.test(s.DSCHET) ? s.DSCHET : null,
          s?.PLAT ?? null,
          s?.SUMMAV && /^-?\d+(\.\d+)?$/.test(s.SUMMAV) ? s.SUMMAV : null,
          s?.REF?.FIRST_CODE ?? null,
          intOrNull(s?.REF?.FIRST_YEAR),
          intOrNull(s?.REF?.FIRST_MONTH),
          JSON.stringify(f.header),
        ],
      );
      return r[0].id;
    },

    /** Allocates `n` ids from a sequence (unique, not necessarily contiguous). */
    async allocIds(sequence: 'case_id_seq' | 'sub_case_id_seq', n: number): Promise<string[]> {
      if (n === 0) return [];
      // n values of the sequence, returned as runs of consecutive ids (one run unless another session drew
      // values meanwhile) instead of n rows
      const runs = await sql.query<{ first: string; count: number }>(
        `SELECT min(v)::text AS first, count(*)::int AS count
           FROM (SELECT v, v - row_number() OVER (ORDER BY v) AS run FROM (SELECT nextval('${sequence}') AS v FROM generate_series(1, $1)) d) r
          GROUP BY run ORDER BY min(v)`,
        [n],
      );
      const ids: string[] = [];
      for (const r of runs) {
        const first = BigInt(r.first);
        for (let i = 0; i < r.count; i++) ids.push(String(first + BigInt(i)));
      }
      return ids;
    },

    /** Binary COPY rows of cases and sub-cases, their ids filled in (store/case-copy.ts). */
    copyCases: (bytes: Uint8Array[]) => sql.copyIn('"case"', CASE_COLUMNS, bytes, 'binary'),
    copySubCases: (bytes: Uint8Array[]) => sql.copyIn('sub_case', SUB_CASE_COLUMNS, bytes, 'binary'),
    copySanks: (bytes: Uint8Array[]) => sql.copyIn('sank', SANK_COLUMNS, bytes),
    /** Binary COPY rows of persons (PERSON_TYPES). */
    copyPersons: (bytes: Uint8Array[]) => sql.copyIn('person', PERSON_COLUMNS, bytes, 'binary'),

    async insertFindings(fileId: string | null, packageId: string, fileName: string, findings: readonly Finding[]) {
      await sql.copyIn(
        'finding',
        FINDING_COLUMNS,
        findings.map((f) =>
          copyLine([
            fileId,
            packageId,
            fileName,
            f.control,
            f.rule,
            f.severity,
            bounded(f.element),
            bounded(f.basEl),
            bounded(f.n_zap),
            bounded(f.id_pac),
            bounded(f.idcase),
            bounded(f.sl_id),
            bounded(f.idserv),
            bounded(f.message, 2000),
          ]),
        ),
      );
    },

    /**
     * Links the file's findings to its stored cases by N_ZAP (finding.case_id); findings of rejected records stay
     * unlinked. Each finding looks its case up in the (register_file_id, n_zap) key: a join left to the planner was
     * planned, with statistics of "case" taken before the file was loaded, as a nested loop over the file's cases
     * rescanning its findings (8.9 s for one 30 000-case file of the 100k benchmark).
     */
    async linkFindings(fileId: string) {
      await sql.query(LINK_FINDINGS_SQL, [fileId]);
    },

    async setCounts(fileId: string, cases: number, accepted: number, rejected: number) {
      await sql.query('UPDATE register_file SET cases = $2, accepted = $3, rejected = $4 WHERE id = $1', [
        fileId,
        cases,
        accepted,
        rejected,
      ]);
    },

    /**
     * ANALYZE "case" when the planner has no statistics of it or it has grown tenfold since they were taken, so that
     * the estimates of the ingestion's queries (the history join, supersession) follow the table however fast a load
     * grows it (superseded_by: the look-up of a corrected case's original, conclusions.repo.ts roots, keeps to its
     * index only when the planner knows the column is mostly empty). Autovacuum would take them, but it may be off or late behind a bulk load. (The history query once
     * depended on them: given its keys as an array the planner scanned the whole table without them, and a 1M-case
     * load spent most of its database time there; it now keeps to the index either way, see history.repo.ts.) One
     * ANALYZE per tenfold growth suffices, as the distinct-value ratio scales with the table. Inside the file's
     * transaction ANALYZE also samples the rows that file added. Only the columns the ingestion's queries filter on
     * are analysed (sorting the sample of every column cost several times as much); autovacuum, where it runs, takes
     * the rest. Returns whether it ran.
     */
    async refreshPlannerStats(): Promise<boolean> {
      const [r] = await sql.query<{ pages: string; relpages: number; analyzed: boolean }>(
        `SELECT (pg_relation_size(c.oid) / current_setting('block_size')::int)::text AS pages, c.relpages,
                EXISTS (SELECT 1 FROM pg_stats s WHERE s.schemaname = n.nspname AND s.tablename = c.relname
                          AND s.attname = 'person_key') AS analyzed
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = '"case"'::regclass`,
      );
      const pages = Number(r.pages);
      if (pages < STATS_MIN_PAGES || (r.analyzed && pages < 10 * Math.max(1, r.relpages))) return false;
      await sql.exec('ANALYZE "case" (person_key, status, register_file_id, idcase, superseded_by)');
      return true;
    },

    /**
     * A corrected register (SCHET/REF) supersedes the records it corrects: records of the referenced
     * original register of the same MO whose IDCASE equals the new record's FIRST_IDCASE (or IDCASE).
     * The originals stay (status `superseded`, `superseded_by` → the correction): history is kept.
     * Two steps: the correction's records, then the originals matched against them as a list. In one join PostgreSQL,
     * whose statistics predate the correction's rows, planned a nested loop reading the whole original account once
     * per corrected record (4 s for 600 corrections of a 30 000-case account; the (lpu, idcase) index is not kept, for
     * load speed); a list given as values is matched in a hash.
     */
    async supersede(fileId: string): Promise<number> {
      const fixes = await sql.query<{ id: string; lpu: string; idc: string; orig: string[] }>(
        `WITH f AS (SELECT code_mo, ref_code, ref_year, ref_month FROM register_file WHERE id = $1 AND ref_code IS NOT NULL)
         SELECT n.id::text, n.lpu, COALESCE(n.first_idcase, n.idcase) AS idc,
                ARRAY(SELECT rf.id::text FROM register_file rf, f
                       WHERE rf.code_mo = f.code_mo AND rf.schet_code = f.ref_code AND rf.year = f.ref_year
                         AND rf.month = f.ref_month AND rf.id <> $1) AS orig
           FROM "case" n WHERE n.register_file_id = $1 AND n.pr_nov = 1 AND EXISTS (SELECT 1 FROM f)`,
        [fileId],
      );
      if (!fixes.length || !fixes[0].orig.length) return 0;
      const r = await sql.query<{ n: string }>(
        `WITH n AS (SELECT * FROM unnest($2::bigint[], $3::text[], $4::text[]) AS n(id, lpu, idc)),
              upd AS (UPDATE "case" o SET status = 'superseded', superseded_by = n.id
                      FROM n
                      WHERE o.register_file_id = ANY($1::bigint[]) AND o.idcase = ANY($4::text[])
                        AND o.lpu = n.lpu AND o.idcase = n.idc AND o.status = 'accepted'
                      RETURNING o.id)
         SELECT count(*)::text AS n FROM upd`,
        [fixes[0].orig, fixes.map((x) => x.id), fixes.map((x) => x.lpu), fixes.map((x) => x.idc)],
      );
      return Number(r[0].n);
    },
  };
}
export type RegisterRepo = ReturnType<typeof registerRepo>;

/** A finding's text as stored: at most `max` characters (a quoted value is cut where the finding is made), no NUL. */
function bounded(s: string | undefined, max = 200): string | null {
  return s === undefined ? null : storable(cut(s, max));
}
