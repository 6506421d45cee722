/**
 * A version's details for the Models page (`GET /api/models/:version`): the card's window, counts, metrics with
 * intervals, calibration curve, comparison and notes, the status history, and the precision–recall curve. The PR curve
 * is the card's (written at training since `prCurve` exists; the baseline's by scripts/baseline-reference.ts); for a
 * card without one it is computed at request time from the stored `case_score` of the version and the conclusions of
 * its validation months (the random arm when it has 30 cases of both classes, otherwise every reviewed case).
 */
import type { Deps } from '../deps.js';
import type { SqlPort } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import type { ModelCard } from './card.js';
import { modelsDir, readModelFiles } from './model-files.js';
import { modelsRepo, type ModelStatus, type ModelVersionRow } from './models.repo.js';
import { prCurve, type PrPoint } from './pr-curve.js';

export interface PrCurveOut {
  source: 'card' | 'card-file' | 'scores';
  /** For `scores`: the months and the population used, and how many reviewed cases. */
  months?: string;
  population?: 'random-arm' | 'all-reviewed';
  cases?: number;
  points: PrPoint[];
}

export interface ModelDetails extends ModelVersionRow {
  window: ModelCard['window'];
  counts: ModelCard['counts'];
  population: ModelCard['population'];
  metrics: ModelCard['metrics'];
  calibration: ModelCard['calibration'];
  comparison: ModelCard['comparison'];
  winner: string;
  notes: string[];
  weights: ModelCard['weights'];
  spec: { version: string; numeric: number; categorical: number };
  reference: { from: string; to: string; rows: number } | null;
  prCurve: PrCurveOut;
  history: { status: ModelStatus; changed_at: string; changed_by: string | null }[];
}

const ym = (t: string) => Number(t.slice(0, 4)) * 100 + Number(t.slice(5, 7));

/** PR points of a version's stored scores against the conclusions of the months [from, to]. */
export async function prCurveFromScores(sql: SqlPort, version: string, from: string, to: string): Promise<PrCurveOut> {
  const rows = await sql.query<{ p: number; defect: boolean; random: boolean }>(
    `WITH l AS (
       SELECT coalesce(s.superseded_by, c.case_id) AS case_id, bool_or(c.defect) AS defect, bool_and(c.arm = 'random') AS random
         FROM conclusion c LEFT JOIN "case" s ON s.id = c.case_id AND s.status = 'superseded'
        WHERE c.year * 100 + c.month BETWEEN $2 AND $3
        GROUP BY 1)
     SELECT cs.p_defect AS p, l.defect, l.random FROM l JOIN case_score cs ON cs.case_id = l.case_id AND cs.model_version = $1
      ORDER BY cs.case_id`,
    [version, ym(from), ym(to)],
  );
  const random = rows.filter((r) => r.random);
  const rpos = random.filter((r) => r.defect).length;
  const useRandom = random.length >= 30 && rpos > 0 && rpos < random.length;
  const used = useRandom ? random : rows;
  return {
    source: 'scores',
    months: from === to ? from : `${from}…${to}`,
    population: useRandom ? 'random-arm' : 'all-reviewed',
    cases: used.length,
    points: prCurve(
      used.map((r) => Number(r.p)),
      used.map((r) => (r.defect ? 1 : 0)),
    ),
  };
}

export async function modelDetails(deps: Pick<Deps, 'db' | 'config'>, version: string): Promise<ModelDetails> {
  const repo = modelsRepo(deps.db.sql);
  const row = await repo.get(version);
  if (!row) throw new AppError('NOT_FOUND', `model ${version} is not registered`);
  const card = (await repo.card(version))!;
  // a card registered before its file gained the reference or the PR curve (the baseline's is updated in place)
  const file =
    card.prCurve && card.reference
      ? null
      : await readModelFiles(modelsDir(deps.config), version)
          .then((f) => (f.card.onnx.sha256 === card.onnx.sha256 ? f.card : null))
          .catch(() => null);
  const pr: PrCurveOut = card.prCurve
    ? { source: 'card', points: card.prCurve }
    : file?.prCurve
      ? { source: 'card-file', points: file.prCurve }
      : await prCurveFromScores(deps.db.sql, version, card.window.validFrom, card.window.validTo);
  const ref = card.reference ?? file?.reference;
  return {
    ...row,
    window: card.window,
    counts: card.counts,
    population: card.population,
    metrics: card.metrics,
    calibration: card.calibration,
    comparison: card.comparison,
    winner: card.winner,
    notes: card.notes ?? [],
    weights: card.weights,
    spec: { version: card.spec.version, numeric: card.spec.numeric.length, categorical: card.spec.categorical.length },
    reference: ref ? { from: ref.from, to: ref.to, rows: ref.rows } : null,
    prCurve: pr,
    history: await repo.history(version),
  };
}
