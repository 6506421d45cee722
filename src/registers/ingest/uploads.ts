import { rm } from 'node:fs/promises';
import { dirname, join, relative, isAbsolute } from 'node:path';

/** Deletes an upload's folder (`$OMSX_HOME/uploads/<uuid>/`); a path outside the uploads folder is left alone. */
export async function removeUpload(home: string, storagePath: string): Promise<void> {
  const dir = dirname(storagePath);
  const rel = relative(join(home, 'uploads'), dir);
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel.includes('/')) return;
  await rm(dir, { recursive: true, force: true });
}
