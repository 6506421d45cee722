/**
 * The `conclusion`, `conclusion_version` and `fine_norm` tables, and the look-ups of the cases conclusions are about.
 * No rules here: what to write is decided by conclusions.service.ts.
 */
import { copyArray, copyLine, type SqlPort } from '../db/sql.port.js';
import { CONTENT_KEYS, contentOf, type ConclusionContent, type ConclusionRow } from './conclusion.js';

/** A case as a conclusion needs it: where it is (for the query columns) and its sum (for the non-payment). */
export interface CaseInfo {
  id: string;
  year: number;
  month: number;
  smo: string | null;
  code_mo: string;
  usl_ok: number | null;
  sumv_kop: number;
  date_z_2: string;
}

/** A stored conclusion: its row and bookkeeping. */
export interface StoredConclusion extends ConclusionRow {
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

const ROW_COLUMNS = [
  'id',
  'case_id',
  ...CONTENT_KEYS,
  'source',
  'source_ref',
  'nat_key',
  'version',
  'year',
  'month',
  'smo',
  'code_mo',
  'usl_ok',
] as const;

const SELECT_ROW = `id::text, case_id::text, sl_id, s_tip, control, defect, f014, amount_kop::float8 AS amount_kop,
  fine_kop::float8 AS fine_kop, fine_pending, experts, to_char(date_act, 'YYYY-MM-DD') AS date_act, num_act, comment, arm, reason,
  propensity, source, source_ref, nat_key, version, year, month, smo, code_mo, usl_ok, created_at::text, updated_at::text`;

/** The JSON a version records: the content and what it is about. */
export function versionData(r: ConclusionRow): Record<string, unknown> {
  return { case_id: r.case_id, ...contentOf(r), source: r.source, source_ref: r.source_ref };
}

export function conclusionsRepo(sql: SqlPort) {
  return {
    /** Cases by id, with the root of their correction chain already applied by the caller. */
    async cases(ids: readonly string[]): Promise<Map<string, CaseInfo>> {
      const rows = await sql.query<CaseInfo>(
        `SELECT id::text, year, month, COALESCE(smo, plat) AS smo, code_mo, usl_ok, (sumv * 100)::float8 AS sumv_kop,
                to_char(date_z_2, 'YYYY-MM-DD') AS date_z_2
           FROM "case" WHERE id = ANY($1::bigint[])`,
        [ids],
      );
      return new Map(rows.map((r) => [r.id, r]));
    },

    /**
     * The original of each corrected case (PR_NOV = 1, superseding a case of the account its REF names): a
     * conclusion is about the case as first billed, whichever copy of it carried the sanction. Cases that correct
     * nothing map to themselves.
     */
    async roots(ids: readonly string[]): Promise<Map<string, string>> {
      const root = new Map(ids.map((id) => [id, id]));
      let frontier = [...new Set(ids)];
      for (let depth = 0; depth < 8 && frontier.length; depth++) {
        const r = await sql.query<{ n: string; o: string }>(
          `SELECT n.id::text AS n, o.id::text AS o
             FROM "case" n
             JOIN register_file nf ON nf.id = n.register_file_id AND nf.ref_code IS NOT NULL
             JOIN register_file rf ON rf.code_mo = nf.code_mo AND rf.schet_code = nf.ref_code AND rf.year = nf.ref_year AND rf.month = nf.ref_month
             JOIN "case" o ON o.register_file_id = rf.id AND o.superseded_by = n.id
            WHERE n.id = ANY($1::bigint[]) AND n.pr_nov = 1`,
          [frontier],
        );
        const step = new Map(r.map((x) => [x.n, x.o]));
        for (const [start, cur] of root) if (step.has(cur)) root.set(start, step.get(cur)!);
        frontier = [...step.values()];
      }
      return root;
    },

    /**
     * Cases named by register file (with or without `.XML`, any case) and IDCASE or N_ZAP. The key of each answer is
     * `FILE|idcase:X` or `FILE|n_zap:X` with FILE upper-cased and without `.XML`.
     */
    async casesByReference(refs: readonly { file: string; by: 'idcase' | 'n_zap'; value: string }[]): Promise<Map<string, string>> {
      if (!refs.length) return new Map();
      const names = [...new Set(refs.map((x) => normalizeFileName(x.file)))];
      const files = await sql.query<{ id: string; f: string }>(
        `SELECT id::text, upper(regexp_replace(file_name, '\\.[Xx][Mm][Ll]$', '')) AS f FROM register_file
          WHERE upper(regexp_replace(file_name, '\\.[Xx][Mm][Ll]$', '')) = ANY($1::text[])`,
        [names],
      );
      if (!files.length) return new Map();
      const fileName = new Map(files.map((x) => [x.id, x.f]));
      // the cases of those files whose IDCASE or N_ZAP is asked for (matched here: a join on the reference list
      // was planned as a nested loop over every case of a file, 30 s for 20 000 references)
      const cases = await sql.query<{ f: string; id: string; idcase: string; n_zap: string }>(
        `SELECT register_file_id::text AS f, id::text, idcase, n_zap FROM "case"
          WHERE register_file_id = ANY($1::bigint[]) AND (idcase = ANY($2::text[]) OR n_zap = ANY($3::text[]))`,
        [
          files.map((x) => x.id),
          [...new Set(refs.filter((x) => x.by === 'idcase').map((x) => x.value))],
          [...new Set(refs.filter((x) => x.by === 'n_zap').map((x) => x.value))],
        ],
      );
      const out = new Map<string, string>();
      const put = (k: string, id: string) => {
        const had = out.get(k);
        if (had === undefined || BigInt(id) < BigInt(had)) out.set(k, id);
      };
      for (const c of cases) {
        const f = fileName.get(c.f)!;
        put(`${f}|idcase:${c.idcase}`, c.id);
        put(`${f}|n_zap:${c.n_zap}`, c.id);
      }
      return out;
    },

    async byKeys(keys: readonly string[]): Promise<Map<string, StoredConclusion>> {
      if (!keys.length) return new Map();
      const rows = await sql.query<StoredConclusion>(`SELECT ${SELECT_ROW} FROM conclusion WHERE nat_key = ANY($1::text[])`, [keys]);
      return new Map(rows.map((r) => [r.nat_key, r]));
    },

    async get(id: string): Promise<StoredConclusion | undefined> {
      const rows = await sql.query<StoredConclusion>(`SELECT ${SELECT_ROW} FROM conclusion WHERE id = $1`, [id]);
      return rows[0];
    },

    async forCases(caseIds: readonly string[]): Promise<StoredConclusion[]> {
      return sql.query<StoredConclusion>(`SELECT ${SELECT_ROW} FROM conclusion WHERE case_id = ANY($1::bigint[]) ORDER BY id`, [caseIds]);
    },

    async versions(
      ids: readonly string[],
    ): Promise<{ conclusion_id: string; version: number; changed_at: string; changed_by: string; data: Record<string, unknown> }[]> {
      return sql.query(
        `SELECT conclusion_id::text, version, changed_at::text, changed_by, data FROM conclusion_version
          WHERE conclusion_id = ANY($1::bigint[]) ORDER BY conclusion_id, version`,
        [ids],
      );
    },

    /** Writes new conclusions with their first version (COPY, ids drawn here); returns their ids in input order. */
    async insert(rows: readonly ConclusionRow[], changedBy: string): Promise<string[]> {
      if (!rows.length) return [];
      const ids = (
        await sql.query<{ id: string }>(`SELECT nextval('conclusion_id_seq')::text AS id FROM generate_series(1, $1)`, [rows.length])
      ).map((r) => r.id);
      const lines = rows.map((r, i) =>
        copyLine(ROW_COLUMNS.map((c) => (c === 'id' ? ids[i] : c === 'version' ? 1 : cell(r[c as keyof ConclusionRow])))),
      );
      await sql.copyIn('conclusion', ROW_COLUMNS, lines);
      await sql.copyIn(
        'conclusion_version',
        ['conclusion_id', 'version', 'changed_by', 'data'],
        rows.map((r, i) => copyLine([ids[i], 1, changedBy, versionData(r)])),
      );
      return ids;
    },

    /** A new version of stored conclusions: the row takes the content, the history gains it. */
    async update(
      items: readonly { id: string; content: ConclusionContent; source: ConclusionRow['source']; sourceRef: string | null }[],
      changedBy: string,
    ) {
      for (const it of items) {
        const c = it.content;
        const r = await sql.query<ConclusionRow & { version: number }>(
          `UPDATE conclusion SET sl_id = $2, s_tip = $3, control = $4, defect = $5, f014 = $6::int[], amount_kop = $7, fine_kop = $8,
                  fine_pending = $9, experts = $10::text[], date_act = $11::date, num_act = $12, comment = $13, arm = $14, reason = $15,
                  propensity = $16, source = $17, source_ref = $18, version = version + 1, updated_at = now()
            WHERE id = $1
            RETURNING case_id::text, version, ${CONTENT_SQL}`,
          [
            it.id,
            c.sl_id,
            c.s_tip,
            c.control,
            c.defect,
            c.f014,
            c.amount_kop,
            c.fine_kop,
            c.fine_pending,
            c.experts,
            c.date_act,
            c.num_act,
            c.comment,
            c.arm,
            c.reason,
            c.propensity,
            it.source,
            it.sourceRef,
          ],
        );
        const row = r[0];
        await sql.query(`INSERT INTO conclusion_version (conclusion_id, version, changed_by, data) VALUES ($1, $2, $3, $4::jsonb)`, [
          it.id,
          row.version,
          changedBy,
          JSON.stringify(versionData(row)),
        ]);
      }
    },

    async norms(): Promise<Map<number, number>> {
      const r = await sql.query<{ year: number; norm_kop: string }>(`SELECT year, norm_kop::text FROM fine_norm`);
      return new Map(r.map((x) => [x.year, Number(x.norm_kop)]));
    },

    async setNorm(year: number, normKop: number, note: string | null) {
      await sql.query(
        `INSERT INTO fine_norm (year, norm_kop, note) VALUES ($1, $2, $3)
         ON CONFLICT (year) DO UPDATE SET norm_kop = EXCLUDED.norm_kop, note = EXCLUDED.note, updated_at = now()`,
        [year, normKop, note],
      );
    },

    /** Conclusions of a year whose fine waits for the norm (registers' SANK loaded before it was configured). */
    async pendingFines(year: number): Promise<StoredConclusion[]> {
      return sql.query<StoredConclusion>(`SELECT ${SELECT_ROW} FROM conclusion WHERE fine_pending AND year = $1`, [year]);
    },
  };
}
export type ConclusionsRepo = ReturnType<typeof conclusionsRepo>;

const CONTENT_SQL = `sl_id, s_tip, control, defect, f014, amount_kop::float8 AS amount_kop, fine_kop::float8 AS fine_kop, fine_pending, experts,
  to_char(date_act, 'YYYY-MM-DD') AS date_act, num_act, comment, arm, reason, propensity, source, source_ref`;

/** `HM750001T76_25071.xml` → `HM750001T76_25071`. */
export function normalizeFileName(f: string): string {
  return f
    .trim()
    .replace(/\.xml$/i, '')
    .toUpperCase();
}

function cell(v: unknown): unknown {
  if (Array.isArray(v)) return copyArray(v.map(String));
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return v;
}
