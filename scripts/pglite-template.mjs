// The embedded database's template: an initialised PGlite data directory as a gzipped tar, made once per PGlite
// version (by scripts/build.mjs, i.e. on `npm ci`) under node_modules/.cache/omsx/. A new embedded database is
// loaded from it instead of running initdb, which PGlite does in a second PostgreSQL instance beside the first:
// the first start of `omsx demo`/`serve` peaked at ~880 MB and took 10–30 s for that.
//   node scripts/pglite-template.mjs      (re)makes it
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

/** The template's path for the installed PGlite, or undefined when PGlite is not where npm puts it. */
export function pgliteTemplatePath() {
  const pkg = new URL('node_modules/@electric-sql/pglite/package.json', root);
  if (!existsSync(pkg)) return undefined;
  const { version } = JSON.parse(readFileSync(pkg, 'utf8'));
  return fileURLToPath(new URL(`node_modules/.cache/omsx/pgdata-${version}.tar.gz`, root));
}

/** Makes the template unless it is there; returns its path. */
export async function makePgliteTemplate() {
  const path = pgliteTemplatePath();
  if (!path || existsSync(path)) return path;
  const { PGlite } = await import('@electric-sql/pglite');
  const lite = await PGlite.create('memory://');
  const tar = Buffer.from(await (await lite.dumpDataDir('gzip')).arrayBuffer());
  await lite.close();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, tar);
  renameSync(`${path}.tmp`, path); // never a half-written template
  return path;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await makePgliteTemplate());
}
