#!/usr/bin/env node
// CLI entry. Runs the compiled dist/ (`npm run build`, done by `npm ci`) when it is at least as new as
// every file under src/; otherwise, or with OMSX_FROM_SOURCE=1, the TypeScript sources through tsx's
// loader (worker threads then register it too). The compiled form starts faster and needs ~100 MB
// less memory per process and worker thread (tsx keeps every transformed module).
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** True when dist/ was built after the last change under src/. */
function distIsCurrent() {
  const stamp = new URL('dist/.built', root);
  if (process.env.OMSX_FROM_SOURCE === '1' || !existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  const src = new URL('src/', root);
  for (const e of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && statSync(`${e.parentPath ?? e.path}/${e.name}`).mtimeMs > built) return false;
  }
  return true;
}

const current = distIsCurrent();
// a test of the compiled form must not pass by falling back to the sources
if (!current && process.env.OMSX_REQUIRE_DIST === '1') throw new Error('dist/ is missing or older than src/: run npm run build');
if (current) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
