#!/usr/bin/env node
// CLI entry. Runs the compiled dist/ (`npm run build`, done by `npm ci`) when it was compiled from the
// sources now under src/ (scripts/dist.mjs); otherwise, or with OMSX_FROM_SOURCE=1, the TypeScript sources through tsx's
// loader (worker threads then register it too). The compiled form starts faster and needs ~50 MB
// less memory per thread (tsx keeps every transformed module).
import { distIsCurrent } from '../scripts/dist.mjs';

const current = process.env.OMSX_FROM_SOURCE !== '1' && distIsCurrent();
// a test of the compiled form must not pass by falling back to the sources
if (!current && process.env.OMSX_REQUIRE_DIST === '1') throw new Error('dist/ is missing or was not compiled from the sources now in src/: run npm run build');
// main() is called here rather than by the module guessing whether it is the entry: reached through a symlink
// (`npx omsx`, `npm link`), process.argv[1] names the link, and such a guess ran nothing
if (current) {
  (await import('../dist/cli/main.js')).main();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  (await import('../src/cli/main.ts')).main();
}
