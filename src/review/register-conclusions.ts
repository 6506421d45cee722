/**
 * The expert conclusions a register carries: each SANK of an expertise (S_TIP of MEE or EKMP; MEK sanctions are not
 * expert conclusions) on the cases of one stored file becomes a conclusion — S_OSN → F014, S_SUM, DATE_ACT, NUM_ACT,
 * CODE_EXP, SL_ID; a SANK with S_SUM 0 and no S_OSN is "reviewed, no defect". Runs in the ingestion's transaction.
 */
import type { Config } from '../config.js';
import type { SqlPort } from '../db/sql.port.js';
import { toKopecks } from '../tariffs/money.js';
import type { ConclusionInput } from './conclusion.js';
import { prepareConclusions, reviewNsi, saveConclusions } from './conclusions.service.js';

export interface RegisterConclusions {
  imported: number;
  updated: number;
  unchanged: number;
  /** SANK of an expertise that could not become a conclusion (an unknown code), with the reason. */
  skipped: { sCode: string; idcase: string; message: string }[];
}

interface SankRow {
  case_id: string;
  s_code: string;
  s_sum: string;
  s_tip: number;
  s_osn: number | null;
  date_act: string | null;
  num_act: string | null;
  sl_ids: string[];
  code_exp: string[];
  s_com: string | null;
  idcase: string;
  file_name: string;
}

/** Conclusions from the SANK of the cases stored under register file `fileId`. */
export async function conclusionsFromRegister(sql: SqlPort, config: Pick<Config, 'nsiDir'>, fileId: string): Promise<RegisterConclusions> {
  const res: RegisterConclusions = { imported: 0, updated: 0, unchanged: 0, skipped: [] };
  const sanks = await sql.query<SankRow>(
    `SELECT s.case_id::text, s.s_code, s.s_sum::text, s.s_tip, s.s_osn, to_char(s.date_act, 'YYYY-MM-DD') AS date_act, s.num_act,
            -- SL_ID naming every SL of the case: the whole case, as a conclusion without sl_id (sank-export.ts writes it so)
            CASE WHEN s.sl_ids <@ l.ids AND s.sl_ids @> l.ids THEN '{}' ELSE s.sl_ids END AS sl_ids, s.code_exp, s.data->>'S_COM' AS s_com, c.idcase, rf.file_name
       FROM "case" c JOIN sank s ON s.case_id = c.id JOIN register_file rf ON rf.id = c.register_file_id
            CROSS JOIN LATERAL (SELECT ARRAY(SELECT u.sl_id FROM sub_case u WHERE u.case_id = c.id AND u.sl_id IS NOT NULL) AS ids) l
      WHERE c.register_file_id = $1 AND s.s_tip NOT IN (1, 10, 11, 12)
      ORDER BY s.id`,
    [fileId],
  );
  if (!sanks.length) return res;
  const nsi = await reviewNsi(config);
  const read: ConclusionInput[] = sanks.map((s) => {
    const amount = toKopecks(s.s_sum) ?? 0;
    return {
      caseId: s.case_id,
      slId: s.sl_ids.length ? s.sl_ids.join(',') : null,
      sTip: s.s_tip,
      defect: s.s_osn !== null || amount > 0,
      f014: s.s_osn !== null ? [s.s_osn] : [],
      amountKop: amount,
      experts: s.code_exp,
      dateAct: s.date_act,
      numAct: s.num_act,
      comment: s.s_com,
      reason: null,
      propensity: null,
      source: 'register',
      sourceRef: `${s.file_name}#${s.idcase}/${s.s_code}`,
    };
  });
  const { inputs, first } = oneConclusionPerAct(read);
  const prepared = await prepareConclusions(sql, nsi, inputs, false);
  for (const e of prepared.errors) {
    const s = sanks[first[e.index]];
    res.skipped.push({ sCode: s.s_code, idcase: s.idcase, message: e.message });
  }
  const rows = prepared.rows.filter((r) => r !== undefined);
  const saved = await saveConclusions(sql, rows, `register:${sanks[0].file_name}`);
  res.imported = saved.imported;
  res.updated = saved.updated;
  res.unchanged = saved.unchanged;
  return res;
}

/**
 * The SANK of one act on one case as one conclusion: a SANK holds one S_OSN, so an act finding several defects is
 * several SANK (sank-export.ts writes them so). Grouped by the case, S_TIP, SL, act number, date and experts all
 * equal — stricter than the conclusion's identity (conclusion.ts naturalKey): SANK that share the identity but disagree
 * in SL, date or experts stay apart, and prepareConclusions reports the second as the same conclusion again. Its codes in order of appearance, the largest S_SUM (sanctions of a case are not added up, Q016
 * 003K.00.0250), a defect when any SANK says so. `first[i]`: the index of the SANK that opened conclusion i.
 */
export function oneConclusionPerAct(read: readonly ConclusionInput[]): { inputs: ConclusionInput[]; first: number[] } {
  const byAct = new Map<string, number>();
  const inputs: ConclusionInput[] = [];
  const first: number[] = [];
  read.forEach((x, i) => {
    const key = JSON.stringify([x.caseId, x.sTip, x.slId, x.numAct, x.dateAct, [...x.experts].sort()]);
    const at = byAct.get(key);
    if (at === undefined) {
      byAct.set(key, inputs.length);
      inputs.push({ ...x, f014: [...x.f014] });
      first.push(i);
      return;
    }
    const c = inputs[at];
    for (const code of x.f014) if (!c.f014.includes(code)) c.f014.push(code);
    c.amountKop = Math.max(c.amountKop ?? 0, x.amountKop ?? 0);
    c.defect = c.defect || x.defect;
    c.comment ??= x.comment;
  });
  return { inputs, first };
}
