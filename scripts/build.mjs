// `npm run build` (also run by `npm ci` through `prepare`): compiles src/ to dist/ with tsc and writes
// dist/.built, the digest of the sources it compiled, which bin/omsx.js compares with src/ to decide whether
// dist/ is current (scripts/dist.mjs).
// dist/ keeps src/'s layout one level below the repository root, so paths such as
// new URL('../../data/nsi', import.meta.url) resolve the same from both.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sourceDigest, stampDist } from './dist.mjs';

const root = new URL('..', import.meta.url);
// the digest of the sources as tsc is about to read them: an edit during the build leaves dist/ not current
const digest = sourceDigest();
rmSync(new URL('dist', root), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
writeFileSync(new URL('dist/.built', root), stampDist(digest));
// the embedded database's template (once per PGlite version; see pglite-template.mjs); without it omsx runs initdb
try {
  execFileSync(process.execPath, [new URL('pglite-template.mjs', import.meta.url).pathname], { cwd: root, stdio: 'ignore' });
} catch (e) {
  console.warn(`warning: no template for the embedded database (${e.message}); a new one will be created with initdb`);
}

// the web application (web/, Vite + Preact) into web/dist, served at / by src/api/web.plugin.ts
const { build } = await import('vite');
await build({ configFile: new URL('web/vite.config.ts', root).pathname, logLevel: 'warn' });
