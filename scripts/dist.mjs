// Whether dist/ (scripts/build.mjs) is current: dist/.built holds the digest of src/ (every file's path and
// content) that it was compiled from, and src/ still has that digest. Used by bin/omsx.js to choose between
// dist/ and the sources, and by the test of the compiled CLI.
// A digest rather than modification times: a checkout copied with its times kept, or a clock that differs
// between the machine that wrote the sources and the one that built them, made dist/ look older than src/
// for good (CI once failed so, right after `npm ci` had built it).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const STAMP = `${root}dist/.built`;

/** The digest of src/: sha256 over the sorted relative paths and contents of its files (≈ 10 ms for 2 MB). */
export function sourceDigest() {
  const files = [];
  for (const e of readdirSync(`${root}src`, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.push(`${e.parentPath ?? e.path}/${e.name}`);
  }
  const hash = createHash('sha256');
  for (const file of files.map((f) => relative(root, f).split('\\').join('/')).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(`${root}${file}`));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Writes the stamp for the sources as they are now (scripts/build.mjs, after tsc). */
export function stampDist(digest = sourceDigest()) {
  return `${JSON.stringify({ builtAt: new Date().toISOString(), src: digest })}\n`;
}

export function distIsCurrent() {
  if (!existsSync(STAMP)) return false;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return false; // a stamp of the old form (a bare time) or a damaged one: rebuild
  }
  return typeof stamp?.src === 'string' && stamp.src === sourceDigest();
}
