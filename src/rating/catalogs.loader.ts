import { readFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';
import type { Catalog } from './catalog.js';

export const CATALOG_DIR = fileURLToPath(new URL('../../data/catalogs/', import.meta.url));

/** Loads a catalogue by id (data/catalogs/<id>.json) with the hash of its text (stored with every run). */
export async function loadCatalog(id: string): Promise<{ catalog: Catalog; hash: string }> {
  const ids = (await readdir(CATALOG_DIR)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  if (!ids.includes(id)) throw new AppError('NOT_FOUND', `catalogue "${id}" not found (available: ${ids.sort().join(', ')})`);
  const text = await readFile(new URL(`${id}.json`, `file://${CATALOG_DIR}`), 'utf8');
  return {
    catalog: JSON.parse(text) as Catalog,
    hash: createHash('sha256').update(text).digest('hex'),
  };
}
