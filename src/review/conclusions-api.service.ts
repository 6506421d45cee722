/**
 * What the HTTP API does with conclusions: a batch in (checked as an import is: all or nothing), a correction (a new
 * version; the old stays in the history), and a case with everything known of it.
 */
import type { Deps } from '../deps.js';
import type { SqlPort } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import { toKopecks } from '../tariffs/money.js';
import { CONTROL_S_TIP, contentOf, sameContent, type ConclusionInput } from './conclusion.js';
import { buildRow } from './conclusion-rows.js';
import { conclusionsRepo, normalizeFileName } from './conclusions.repo.js';
import { prepareConclusions, reviewNsi, saveConclusions, type SaveResult } from './conclusions.service.js';

/** One conclusion as the API takes it: the case by id, or by register file + IDCASE / N_ZAP. */
export interface ApiConclusion {
  case_id?: string;
  file?: string;
  idcase?: string;
  n_zap?: string;
  sl_id?: string;
  s_tip?: number;
  control?: 'MEE' | 'EKMP';
  result: 'defect' | 'no_defect';
  f014?: number[];
  s_sum?: string;
  experts?: string[];
  date_act?: string;
  num_act?: string;
  comment?: string;
  reason?: string;
  propensity?: number;
}

/** A correction: the fields to change. */
export type ApiCorrection = Partial<Omit<ApiConclusion, 'case_id' | 'file' | 'idcase' | 'n_zap' | 'control'>>;

const bad = (errors: { index: number; message: string }[]) =>
  new AppError('BAD_INPUT', `${errors.length} invalid conclusion(s): ${errors.map((e) => `#${e.index + 1} ${e.message}`).join('; ')}`, {
    errors,
  });

function amount(s: string | undefined, errors: { index: number; message: string }[], index: number): number | null {
  if (s === undefined) return null;
  const k = toKopecks(String(s));
  if (k === undefined) errors.push({ index, message: `s_sum ${JSON.stringify(s)} is not an amount` });
  return k ?? null;
}

/** Stores a batch of conclusions (one transaction; any invalid item refuses the batch: BAD_INPUT with every error). */
export async function postConclusions(deps: Deps, items: readonly ApiConclusion[], changedBy: string): Promise<SaveResult> {
  const nsi = await reviewNsi(deps.config);
  return deps.db.sql.transaction(async (tx) => {
    const repo = conclusionsRepo(tx);
    const errors: { index: number; message: string }[] = [];
    const refs = items.flatMap((it) =>
      !it.case_id && it.file && (it.idcase || it.n_zap)
        ? [{ file: it.file, by: it.idcase ? ('idcase' as const) : ('n_zap' as const), value: (it.idcase ?? it.n_zap)! }]
        : [],
    );
    const found = await repo.casesByReference(refs);
    const inputs: ConclusionInput[] = items.map((it, index) => {
      let caseId = it.case_id;
      if (!caseId) {
        if (!it.file || !(it.idcase || it.n_zap)) errors.push({ index, message: 'the case needs case_id, or file with idcase or n_zap' });
        else {
          caseId = found.get(`${normalizeFileName(it.file)}|${it.idcase ? `idcase:${it.idcase}` : `n_zap:${it.n_zap}`}`);
          if (!caseId)
            errors.push({ index, message: `case not found: file ${it.file}, ${it.idcase ? `IDCASE ${it.idcase}` : `N_ZAP ${it.n_zap}`}` });
        }
      }
      const sTip = it.s_tip ?? (it.control ? CONTROL_S_TIP[it.control] : NaN);
      return {
        caseId: caseId ?? '0',
        slId: it.sl_id ?? null,
        sTip,
        defect: it.result === 'defect',
        f014: it.f014 ?? [],
        amountKop: amount(it.s_sum, errors, index),
        experts: it.experts ?? [],
        dateAct: it.date_act ?? null,
        numAct: it.num_act ?? null,
        comment: it.comment ?? null,
        reason: it.reason ?? null,
        propensity: it.propensity ?? null,
        source: 'api',
        sourceRef: null,
      };
    });
    const prepared = await prepareConclusions(tx, nsi, inputs, true);
    for (const e of prepared.errors) if (!errors.some((x) => x.index === e.index)) errors.push(e);
    if (errors.length) throw bad(errors.sort((a, b) => a.index - b.index));
    return saveConclusions(
      tx,
      prepared.rows.map((r) => r!),
      changedBy,
    );
  });
}

/** Corrects a conclusion: a new version with the changed fields (sums recomputed when the codes change). */
export async function correctConclusion(deps: Deps, id: string, patch: ApiCorrection, changedBy: string) {
  const nsi = await reviewNsi(deps.config);
  return deps.db.sql.transaction(async (tx) => {
    const repo = conclusionsRepo(tx);
    const s = await repo.get(id);
    if (!s) throw new AppError('NOT_FOUND', `conclusion ${id} not found`);
    const errors: { index: number; message: string }[] = [];
    const codesChanged = patch.f014 !== undefined || patch.result !== undefined || patch.s_tip !== undefined;
    const input: ConclusionInput = {
      caseId: s.case_id,
      slId: patch.sl_id ?? s.sl_id,
      sTip: patch.s_tip ?? s.s_tip,
      defect: patch.result ? patch.result === 'defect' : s.defect,
      f014: patch.f014 ?? (patch.result === 'no_defect' ? [] : s.f014),
      amountKop: patch.s_sum !== undefined ? amount(patch.s_sum, errors, 0) : codesChanged ? null : s.amount_kop,
      experts: patch.experts ?? s.experts,
      dateAct: patch.date_act ?? s.date_act,
      numAct: patch.num_act ?? s.num_act,
      comment: patch.comment ?? s.comment,
      reason: patch.reason ?? s.reason,
      propensity: patch.propensity ?? s.propensity,
      source: s.source,
      sourceRef: s.source_ref,
    };
    if (errors.length) throw bad(errors);
    const cases = await repo.cases([s.case_id]);
    const b = buildRow(input, { nsi, cases, norms: await repo.norms(), requireNorm: true });
    if (!b.ok) throw bad([{ index: 0, message: b.message }]);
    const content = contentOf(b.row);
    if (!sameContent(contentOf(s), content)) await repo.update([{ id, content, source: s.source, sourceRef: s.source_ref }], changedBy);
    return conclusionWithHistory(tx, id);
  });
}

export async function conclusionWithHistory(sql: SqlPort, id: string) {
  const repo = conclusionsRepo(sql);
  const c = await repo.get(id);
  if (!c) throw new AppError('NOT_FOUND', `conclusion ${id} not found`);
  return { ...c, history: await repo.versions([id]) };
}
