/**
 * The model registry: versions on disk (`models/<version>/`) and in `model_version`. A new version is shadow
 * (scored, selects nothing) until promoted; at most one is active; promoting makes the previous active one shadow.
 */
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { ModelCard } from './card.js';
import { listModelDirs, modelsDir, readModelFiles } from './model-files.js';
import { modelsRepo, type ModelVersionRow } from './models.repo.js';
import { openOnnxRunner } from './onnx.scorer.js';

/** Loads the model file with the runtime and runs one row: a file that does not fit its card is refused here. */
export async function checkRunnable(card: ModelCard, onnx: Uint8Array): Promise<void> {
  const runner = await openOnnxRunner(onnx, { numDim: card.preprocess.numDim, catDim: card.preprocess.catDim });
  try {
    const cat = new Int32Array(card.preprocess.catDim);
    card.preprocess.categorical.forEach((c, j) => (cat[j] = c.offset));
    const out = await runner.run({ rows: 1, num: new Float32Array(card.preprocess.numDim), cat });
    if (out.p.length !== 1 || !Number.isFinite(out.p[0]))
      throw new AppError('BAD_INPUT', `model ${card.version}: model.onnx does not answer one probability per case`);
  } finally {
    await runner.close();
  }
}

/**
 * Registers the version in `models/<version>/` as shadow (or active for a baseline when none is active).
 * Checks everything before writing one row; the same files again change nothing.
 */
export async function registerModel(deps: Deps, version: string, opts: { activateBaseline?: boolean } = {}): Promise<ModelVersionRow> {
  const { card, onnx } = await readModelFiles(modelsDir(deps.config), version);
  await checkRunnable(card, onnx);
  return deps.db.sql.transaction(async (tx) => {
    const r = modelsRepo(tx);
    const existing = await r.get(version);
    if (existing) {
      if (existing.onnx_sha256 !== card.onnx.sha256)
        throw new AppError(
          'CONFLICT',
          `model ${version} is registered with another model.onnx (sha256 ${existing.onnx_sha256.slice(0, 12)}…)`,
        );
      return existing;
    }
    const active = (await r.list()).some((m) => m.status === 'active');
    const status = card.baseline && opts.activateBaseline !== false && !active ? 'active' : 'shadow';
    await r.insert(card, status);
    await r.addEvent(version, status);
    return (await r.get(version))!;
  });
}

/** Registers every valid version folder not yet in the database; returns the errors of the invalid ones. */
export async function syncModels(deps: Deps): Promise<{ registered: string[]; errors: string[] }> {
  const repo = modelsRepo(deps.db.sql);
  const known = new Set((await repo.list()).map((m) => m.version));
  const registered: string[] = [];
  const errors: string[] = [];
  for (const v of await listModelDirs(modelsDir(deps.config))) {
    if (known.has(v)) continue;
    try {
      await registerModel(deps, v);
      registered.push(v);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push(e.message);
    }
  }
  return { registered, errors };
}

export async function listModels(deps: Deps): Promise<ModelVersionRow[]> {
  return modelsRepo(deps.db.sql).list();
}

export async function showModel(deps: Deps, version: string): Promise<ModelVersionRow & { card: ModelCard }> {
  const repo = modelsRepo(deps.db.sql);
  const row = await repo.get(version);
  if (!row) throw new AppError('NOT_FOUND', `model ${version} is not registered`);
  return { ...row, card: (await repo.card(version))! };
}

/**
 * Makes `version` the active one; the previous active version goes back to shadow. A retired version can come back.
 * `by`: the signed-in user's login, kept in the status history.
 */
export async function promoteModel(deps: Deps, version: string, by: string | null = null): Promise<ModelVersionRow> {
  if (!(await modelsRepo(deps.db.sql).get(version))) throw new AppError('NOT_FOUND', `model ${version} is not registered`);
  // the files must still be the ones registered (the runtime ran them at registration; the API never loads it)
  const { card } = await readModelFiles(modelsDir(deps.config), version);
  return deps.db.sql.transaction(async (tx) => {
    const r = modelsRepo(tx);
    const row = await r.get(version);
    if (!row) throw new AppError('NOT_FOUND', `model ${version} is not registered`);
    if (row.onnx_sha256 !== card.onnx.sha256)
      throw new AppError('BAD_INPUT', `model ${version}: model.onnx on disk is not the registered one`);
    if (row.status === 'active') return row;
    for (const old of await r.demoteActive()) await r.addEvent(old, 'shadow', by);
    await r.setStatus(version, 'active');
    await r.addEvent(version, 'active', by);
    return (await r.get(version))!;
  });
}

/** Retires a shadow version (it scores no more). The active version is retired only by promoting another. */
export async function retireModel(deps: Deps, version: string, by: string | null = null): Promise<ModelVersionRow> {
  const r = modelsRepo(deps.db.sql);
  const row = await r.get(version);
  if (!row) throw new AppError('NOT_FOUND', `model ${version} is not registered`);
  if (row.status === 'active') throw new AppError('CONFLICT', `model ${version} is active: promote another version first`);
  if (row.status !== 'retired')
    await deps.db.sql.transaction(async (tx) => {
      await modelsRepo(tx).setStatus(version, 'retired');
      await modelsRepo(tx).addEvent(version, 'retired', by);
    });
  return (await r.get(version))!;
}
