/**
 * Expertise returns: an account that is already stored (same CODE_MO, NSCHET, year and month, same kind; any file
 * name) sent again — typically by the insurer after expertise with OPLATA, SUMP, SANK_IT and SANK filled — is not a
 * new account. Its cases were written by the normal path (ingest-file.ts) in the same transaction; here they are
 * compared with the stored ones and, when they are the same but for the payment elements, the stored cases take the
 * payment elements and the SANK they lack and the re-sent copies are removed: the cases are never stored twice.
 * A correction account (SCHET/REF, PR_NOV = 1) re-sent the same way is a return too. A re-send that differs in anything
 * else, without SCHET/REF or PR_NOV (a correction, handled by supersede), is refused naming the file, the first
 * differing IDCASE and the element.
 */
import { AppError } from '../../errors.js';
import type { SqlPort } from '../../db/sql.port.js';

/** Elements of Z_SL an expertise fills in: the only ones a return may change. */
export const PAYMENT_ELEMENTS = ['OPLATA', 'SUMP', 'SANK_IT', 'SANK'] as const;
/** SCHET totals of the payment, copied to the stored account's header. */
const SCHET_PAYMENT = ['SUMMAP', 'SANK_MEK', 'SANK_MEE', 'SANK_EKMP'] as const;

/**
 * MEK checks of the payment a return brings (Q016: the SCHET totals of the payment 003K.00.0140–0170, SUMP/OPLATA/SANK_IT of a case
 * 003K.00.0240–0280). Their findings on the returned copy are kept, on the stored case; the copy's other findings
 * repeat the stored cases' and go with it.
 */
export const PAYMENT_RULES: ReadonlySet<string> = new Set(
  ['0140', '0150', '0160', '0170', '0240', '0250', '0260', '0270', '0280'].map((n) => `003K.00.${n}`),
);

export interface ReturnAttached {
  /** The stored account the return was attached to. */
  accountFileId: string;
  accountFile: string;
  cases: number;
  /** SANK added to the stored cases. */
  sanctions: number;
  /** Findings of the return's payment kept (PAYMENT_RULES), linked to the stored cases. */
  paymentFindings: number;
}

const PAY = PAYMENT_ELEMENTS.map((e) => `'${e}'`).join(' - ');

/**
 * When file `fileId` (just written, in the caller's transaction) re-sends a stored account, attaches it and returns
 * what was attached; undefined when it is a new account or a correction. Throws PACKAGE_REJECTED when it differs.
 */
export async function attachReturn(sql: SqlPort, fileId: string): Promise<ReturnAttached | undefined> {
  const [f] = await sql.query<{
    file_name: string;
    code_mo: string;
    nschet: string;
    year: number;
    month: number;
    kind: string;
    ref_code: string | null;
  }>(`SELECT file_name, code_mo, nschet, year, month, kind, ref_code FROM register_file WHERE id = $1`, [fileId]);
  if (!f || f.nschet === null) return undefined;
  const stored = await sql.query<{ id: string; file_name: string }>(
    `SELECT rf.id::text, rf.file_name FROM register_file rf
      WHERE rf.code_mo = $1 AND rf.nschet = $2 AND rf.year = $3 AND rf.month = $4 AND rf.kind = $5 AND rf.id <> $6
        AND EXISTS (SELECT 1 FROM "case" c WHERE c.register_file_id = rf.id)
      ORDER BY rf.id`,
    [f.code_mo, f.nschet, f.year, f.month, f.kind, fileId],
  );
  if (!stored.length) return undefined;
  // the same cases but for the payment: a return, a correction account's (SCHET/REF, PR_NOV = 1) as well
  let acc = stored[0];
  let diff = await firstDifference(sql, acc.id, fileId);
  for (const other of stored.slice(1)) {
    if (!diff) break;
    const d = await firstDifference(sql, other.id, fileId);
    if (!d) [acc, diff] = [other, d];
  }
  if (diff) {
    if (f.ref_code !== null) return undefined; // a correction (SCHET/REF): supersede handles it
    const [nov] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "case" WHERE register_file_id = $1 AND pr_nov = 1`, [
      fileId,
    ]);
    if (nov.n > 0) return undefined; // a correction of records (PR_NOV = 1): not a return
    const message =
      `${f.file_name}: account ${f.nschet} of MO ${f.code_mo} for ${f.year}-${String(f.month).padStart(2, '0')} is already stored ` +
      `(${acc.file_name}); this copy differs in IDCASE ${diff.idcase}, element ${diff.element} — a return may change only ` +
      `${PAYMENT_ELEMENTS.join(', ')}; a correction needs SCHET/REF and PR_NOV = 1`;
    throw new AppError('PACKAGE_REJECTED', message, {
      file: f.file_name,
      idcase: diff.idcase,
      element: diff.element,
      findings: [{ control: 'FLK', rule: 'RETURN', severity: 'error', element: diff.element, idcase: diff.idcase, message }],
    });
  }

  // the stored cases take the payment elements and the SANK they do not have yet; the copies go
  const [moved] = await sql.query<{ cases: number; sanctions: number }>(
    `WITH pairs AS (SELECT o.id AS o, n.id AS n FROM "case" n JOIN "case" o ON o.register_file_id = $1 AND o.idcase = n.idcase
                     WHERE n.register_file_id = $2),
          upd AS (UPDATE "case" o SET oplata = n.oplata, sump = n.sump, sank_it = n.sank_it,
                         zsl = ((o.zsl::jsonb - ${PAY}) || (n.zsl::jsonb - (SELECT COALESCE(array_agg(k), '{}') FROM jsonb_object_keys(n.zsl::jsonb) k
                                                                             WHERE k <> ALL ($3::text[]))))::json
                    FROM pairs p JOIN "case" n ON n.id = p.n WHERE o.id = p.o RETURNING o.id),
          sk AS (UPDATE sank s SET case_id = p.o FROM pairs p
                  WHERE s.case_id = p.n AND NOT EXISTS (SELECT 1 FROM sank x WHERE x.case_id = p.o AND x.data::jsonb = s.data::jsonb)
                 RETURNING s.id)
     SELECT (SELECT count(*) FROM upd)::int AS cases, (SELECT count(*) FROM sk)::int AS sanctions`,
    [acc.id, fileId, PAYMENT_ELEMENTS],
  );
  // the payment's findings stay on the return's file, about the stored case; the rest go with the copy
  const rules = [...PAYMENT_RULES];
  await sql.query(
    `UPDATE finding f SET case_id = o.id FROM "case" n JOIN "case" o ON o.register_file_id = $3 AND o.idcase = n.idcase
      WHERE f.register_file_id = $1 AND f.rule = ANY($2::text[]) AND n.id = f.case_id`,
    [fileId, rules, acc.id],
  );
  await sql.query(`DELETE FROM finding WHERE register_file_id = $1 AND rule <> ALL($2::text[])`, [fileId, rules]);
  const [{ kept }] = await sql.query<{ kept: number }>(`SELECT count(*)::int AS kept FROM finding WHERE register_file_id = $1`, [fileId]);
  await sql.query(`DELETE FROM sank WHERE case_id IN (SELECT id FROM "case" WHERE register_file_id = $1)`, [fileId]);
  await sql.query(`DELETE FROM sub_case WHERE case_id IN (SELECT id FROM "case" WHERE register_file_id = $1)`, [fileId]);
  await sql.query(`DELETE FROM "case" WHERE register_file_id = $1`, [fileId]);
  await sql.query(`DELETE FROM person WHERE register_file_id = $1`, [fileId]);
  // the return's file row stays (its content hash makes a second copy a duplicate) with no cases of its own
  await sql.query(
    `UPDATE register_file SET cases = 0, accepted = 0, rejected = 0,
            header = header || jsonb_build_object('RETURN_OF', $2::text) WHERE id = $1`,
    [fileId, acc.id],
  );
  await sql.query(
    `UPDATE register_file a SET header = jsonb_set(a.header, '{SCHET}', (a.header->'SCHET') || (
            SELECT COALESCE(jsonb_object_agg(k, r.header->'SCHET'->k), '{}') FROM unnest($3::text[]) k WHERE r.header->'SCHET' ? k))
       FROM register_file r WHERE a.id = $1 AND r.id = $2`,
    [acc.id, fileId, SCHET_PAYMENT],
  );
  return { accountFileId: acc.id, accountFile: acc.file_name, cases: moved.cases, sanctions: moved.sanctions, paymentFindings: kept };
}

/** The first case (in N_ZAP order) of the re-sent copy that differs from the stored one outside the payment elements. */
async function firstDifference(sql: SqlPort, accId: string, fileId: string): Promise<{ idcase: string; element: string } | undefined> {
  const rows = await sql.query<{ idcase: string; o_id: string | null; n_id: string | null }>(
    `WITH o AS (SELECT * FROM "case" WHERE register_file_id = $1), n AS (SELECT * FROM "case" WHERE register_file_id = $2)
     SELECT COALESCE(n.idcase, o.idcase) AS idcase, o.id::text AS o_id, n.id::text AS n_id
       FROM n FULL JOIN o ON o.idcase = n.idcase
      WHERE o.id IS NULL OR n.id IS NULL OR o.n_zap <> n.n_zap OR o.pacient::jsonb <> n.pacient::jsonb
         OR (o.zsl::jsonb - ${PAY}) <> (n.zsl::jsonb - ${PAY})
         OR (SELECT jsonb_agg(sl::jsonb ORDER BY id) FROM sub_case WHERE case_id = o.id)
            IS DISTINCT FROM (SELECT jsonb_agg(sl::jsonb ORDER BY id) FROM sub_case WHERE case_id = n.id)
      ORDER BY COALESCE(n.n_zap, o.n_zap)::numeric NULLS LAST, 1
      LIMIT 1`,
    [accId, fileId],
  );
  const d = rows[0];
  if (!d) return undefined;
  if (!d.o_id) return { idcase: d.idcase, element: 'ZAP (a case the stored account does not have)' };
  if (!d.n_id) return { idcase: d.idcase, element: 'ZAP (a case of the stored account is missing)' };
  const [o, n] = await Promise.all([d.o_id, d.n_id].map((id) => caseDoc(sql, id)));
  return { idcase: d.idcase, element: firstDifferingPath(o, n, 'ZAP') ?? 'ZAP' };
}

async function caseDoc(sql: SqlPort, id: string): Promise<unknown> {
  const [r] = await sql.query<{ doc: unknown }>(
    `SELECT jsonb_build_object('N_ZAP', c.n_zap, 'PACIENT', c.pacient::jsonb,
              'Z_SL', (c.zsl::jsonb - ${PAY}) || jsonb_build_object('SL', (SELECT jsonb_agg(sl::jsonb ORDER BY s.id) FROM sub_case s WHERE s.case_id = c.id))) AS doc
       FROM "case" c WHERE c.id = $1`,
    [id],
  );
  return r.doc;
}

/** The path of the first element that differs between two parsed records (`ZAP/Z_SL/SL/DS1`), undefined when equal. */
export function firstDifferingPath(a: unknown, b: unknown, path: string): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifferingPath(a[i], b[i], path);
      if (d) return d;
    }
    return path;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
      const d = firstDifferingPath(ao[k], bo[k], `${path}/${k}`);
      if (d) return d;
    }
  }
  return path;
}
