// Whether dist/ (scripts/build.mjs) is current: its stamp dist/.built is newer than every file under src/.
// Used by bin/omsx.js to choose between dist/ and the sources, and by the test of the compiled CLI.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

export function distIsCurrent() {
  const stamp = new URL('dist/.built', root);
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  for (const e of readdirSync(new URL('src/', root), { recursive: true, withFileTypes: true })) {
    if (e.isFile() && statSync(`${e.parentPath ?? e.path}/${e.name}`).mtimeMs > built) return false;
  }
  return true;
}
