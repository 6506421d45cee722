/**
 * The files of a model version: `models/<version>/model.onnx`, `card.json`, `card.md`. Written to a temporary
 * folder and renamed into place, so a version is there whole or not at all; read back only when the ONNX file's
 * hash and the card's preprocessing agree with the card.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import type { Config } from '../config.js';
import { cardMarkdown, type ModelCard } from './card.js';

/** The repository's models/ (with the baseline), unless `OMSX_MODELS_DIR` says otherwise. */
export const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../models', import.meta.url));

export function modelsDir(config: Pick<Config, 'modelsDir'>): string {
  return config.modelsDir ?? BUNDLED_MODELS_DIR;
}

export const VERSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes a version's folder atomically; refuses to overwrite an existing version. */
export async function writeModelFiles(dir: string, card: ModelCard, onnx: Uint8Array): Promise<string> {
  if (!VERSION_NAME.test(card.version)) throw new AppError('BAD_INPUT', `invalid model version name ${JSON.stringify(card.version)}`);
  const final = join(dir, card.version);
  if (await exists(final)) throw new AppError('CONFLICT', `model ${card.version} already exists in ${dir}`);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${card.version}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  try {
    await writeFile(join(tmp, 'model.onnx'), onnx);
    await writeFile(join(tmp, 'card.json'), JSON.stringify(card, null, 1) + '\n');
    await writeFile(join(tmp, 'card.md'), cardMarkdown(card));
    await rename(tmp, final);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return final;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** The version folders under `dir` (those with a card.json). */
export async function listModelDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries)
    if (e.isDirectory() && !e.name.startsWith('.') && (await exists(join(dir, e.name, 'card.json')))) out.push(e.name);
  return out.sort();
}

/** Reads and checks a version's card and ONNX file; any mismatch is a BAD_INPUT error naming it. */
export async function readModelFiles(dir: string, version: string): Promise<{ card: ModelCard; onnx: Uint8Array }> {
  if (!VERSION_NAME.test(version)) throw new AppError('BAD_INPUT', `invalid model version name ${JSON.stringify(version)}`);
  const folder = join(dir, version);
  let card: ModelCard;
  try {
    card = JSON.parse(await readFile(join(folder, 'card.json'), 'utf8')) as ModelCard;
  } catch (e) {
    throw new AppError('BAD_INPUT', `model ${version}: card.json cannot be read in ${folder}: ${(e as Error).message}`);
  }
  const onnx = await readFile(join(folder, 'model.onnx')).catch(() => {
    throw new AppError('BAD_INPUT', `model ${version}: model.onnx is missing in ${folder}`);
  });
  checkCard(card, version, onnx);
  return { card, onnx: new Uint8Array(onnx.buffer, onnx.byteOffset, onnx.byteLength) };
}

/** The card names this version and this file, and its preprocessing fits its feature spec. */
export function checkCard(card: ModelCard, version: string, onnx: Uint8Array): void {
  const bad = (why: string) => new AppError('BAD_INPUT', `model ${version}: ${why}`, { version });
  if (card?.version !== version) throw bad(`card.json names version ${JSON.stringify(card?.version)}`);
  if (!card.onnx?.sha256 || !card.preprocess || !card.spec) throw bad('card.json lacks onnx, preprocess or spec');
  const hash = sha256(onnx);
  if (hash !== card.onnx.sha256)
    throw bad(`model.onnx does not match its card (sha256 ${hash.slice(0, 12)}…, card says ${card.onnx.sha256.slice(0, 12)}…)`);
  const p = card.preprocess;
  const numDim = p.numeric.length + p.numeric.filter((n) => n.indicator).length + p.target.length;
  if (
    p.numeric.length !== card.spec.numeric.length ||
    p.categorical.length !== card.spec.categorical.length ||
    numDim !== p.numDim ||
    p.catDim !== p.categorical.length
  )
    throw bad(`the card's preprocessing does not match its feature spec ${card.spec.version}`);
  if (card.net.numDim !== p.numDim || card.net.catDim !== p.catDim) throw bad('the network inputs do not match the preprocessing');
}
