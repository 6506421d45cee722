/**
 * The feature report of a period (`omsx features report`, `GET /api/models/:version/drift`): a summary of each feature
 * and its PSI against the model's training window. The reference is the card's (`card.reference`, written at training;
 * computed for the baseline by scripts/baseline-reference.ts); a card without one falls back to the stored features
 * of its training months when the database has them, and otherwise the report has no PSI (never a guessed one).
 */
import type { Deps } from '../deps.js';
import type { SqlPort } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import { currentSpec, loadSpec, readFeatures, type Period } from '../features/features.service.js';
import { DriftAccumulator, ReferenceBuilder, sortByPsi, type FeatureDrift, type FeatureReference } from '../features/feature-drift.js';
import { SummaryAccumulator, type FeatureSummary } from '../features/feature-summary.js';
import type { FeatureSpec } from '../features/feature-spec.js';
import type { ModelCard } from './card.js';
import { modelsDir, readModelFiles } from './model-files.js';
import { modelsRepo, type ModelStatus } from './models.repo.js';

/** Where a reference came from: the card in the database, the card file, or the stored training-month features. */
export type ReferenceSource = 'card' | 'card-file' | 'stored-features';

const text = (p: Period) => `${p.year}-${String(p.month).padStart(2, '0')}`;

/** The reference of the stored features (every case, not only the reviewed) of the months [from, to]. */
export async function referenceFromStore(sql: SqlPort, spec: FeatureSpec, from: string, to: string): Promise<FeatureReference | null> {
  const b = new ReferenceBuilder(spec);
  let n = 0;
  for await (const rows of readFeatures(sql, { from, to, specVersion: spec.version, batchSize: 10_000 })) {
    b.add(rows);
    n += rows.length;
  }
  return n ? b.result(from, to) : null;
}

/** A version's training reference and where it came from, or null when there is none. */
export async function trainingReference(
  deps: Pick<Deps, 'db' | 'config'>,
  card: ModelCard,
): Promise<{ reference: FeatureReference; source: ReferenceSource } | null> {
  if (card.reference) return { reference: card.reference, source: 'card' };
  // a version registered before its card file gained a reference (the baseline's card.json is updated in place)
  const file = await readModelFiles(modelsDir(deps.config), card.version).catch(() => null);
  if (file?.card.reference && file.card.onnx.sha256 === card.onnx.sha256) return { reference: file.card.reference, source: 'card-file' };
  const spec = (await loadSpec(deps.db.sql, card.spec.version)) ?? card.spec;
  const stored = await referenceFromStore(deps.db.sql, spec, card.window.trainFrom, card.window.trainTo);
  return stored && { reference: stored, source: 'stored-features' };
}

export interface FeatureReportLine {
  name: string;
  kind: 'numeric' | 'categorical';
  summary: FeatureSummary;
  psi: number | null;
  flag: FeatureDrift['flag'];
  bins: FeatureDrift['bins'];
}

export interface FeatureReport {
  period: string;
  specVersion: string;
  rows: number;
  model: { version: string; status: ModelStatus } | null;
  reference: { source: ReferenceSource; from: string; to: string; rows: number } | null;
  /** Most drifted first (features without a PSI last). */
  features: FeatureReportLine[];
}

/**
 * The report of a period's stored features against a model version's training window (default: the active version;
 * with no version registered, the summary alone).
 */
export async function featureReport(deps: Pick<Deps, 'db' | 'config'>, period: Period, version?: string): Promise<FeatureReport> {
  const repo = modelsRepo(deps.db.sql);
  const row = version ? await repo.get(version) : (await repo.list()).find((m) => m.status === 'active');
  if (version && !row) throw new AppError('NOT_FOUND', `model ${version} is not registered`);
  const card = row ? await repo.card(row.version) : undefined;
  const specVersion = card?.spec.version ?? currentSpec().version;
  const spec = (await loadSpec(deps.db.sql, specVersion)) ?? card?.spec ?? currentSpec();
  const ref = card ? await trainingReference(deps, card) : null;
  const summary = new SummaryAccumulator(spec);
  const drift = ref ? new DriftAccumulator(ref.reference, spec) : null;
  for await (const rows of readFeatures(deps.db.sql, { from: period, to: period, specVersion, batchSize: 10_000 })) {
    summary.add(rows);
    drift?.add(rows);
  }
  if (!summary.rows)
    throw new AppError(
      'NOT_FOUND',
      `no features of spec ${specVersion} are stored for ${text(period)}: run omsx features --period ${text(period)}`,
    );
  const byName = new Map(drift ? drift.result().map((d) => [d.name, d]) : []);
  const lines = summary.result().map((s): FeatureDrift & { summary: FeatureSummary } => {
    const d = byName.get(s.name);
    return { name: s.name, kind: s.kind, summary: s, psi: d?.psi ?? null, flag: d?.flag ?? null, bins: d?.bins ?? [] };
  });
  return {
    period: text(period),
    specVersion,
    rows: summary.rows,
    model: row ? { version: row.version, status: row.status } : null,
    reference: ref && { source: ref.source, from: ref.reference.from, to: ref.reference.to, rows: ref.reference.rows },
    features: (sortByPsi(lines) as typeof lines).map(({ name, kind, summary: s, psi, flag, bins }) => ({
      name,
      kind,
      summary: s,
      psi,
      flag,
      bins,
    })),
  };
}
