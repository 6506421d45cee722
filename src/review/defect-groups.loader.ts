import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLED_NSI_DIR } from '../nsi/nsi.loader.js';
import { defectGroupTable } from './defect-groups.js';

const cache = new Map<string, Promise<Map<number, string>>>();

/** F014 code → defect group, from `F014.tsv` of `$OMSX_NSI_DIR` when it has one, else the bundled snapshot. Read once per directory. */
export function loadDefectGroups(nsiDir?: string): Promise<Map<number, string>> {
  const key = nsiDir ?? '';
  let p = cache.get(key);
  if (!p) cache.set(key, (p = read(nsiDir)));
  return p;
}

async function read(nsiDir?: string): Promise<Map<number, string>> {
  let file = join(BUNDLED_NSI_DIR, 'F014.tsv');
  if (nsiDir) {
    const own = join(nsiDir, 'F014.tsv');
    if (
      await access(own).then(
        () => true,
        () => false,
      )
    )
      file = own;
  }
  const lines = (await readFile(file, 'utf8'))
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  const head = lines[0].split('\t').map((h) => h.trim());
  const kod = head.indexOf('Kod');
  const osn = head.indexOf('Osn');
  return defectGroupTable(
    lines.slice(1).map((l) => {
      const c = l.split('\t');
      return { kod: Number(c[kod]), osn: c[osn]?.trim() };
    }),
  );
}
