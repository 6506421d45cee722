/** The per-capita norm of a year (fines of order 231н) and the fines that were waiting for it. */
import type { Deps } from '../deps.js';
import { contentOf } from './conclusion.js';
import { conclusionsRepo } from './conclusions.repo.js';
import { fineKop, fineShare } from './sanctions.js';
import { reviewNsi } from './conclusions.service.js';

/** Sets the norm of a year and computes the fines of that year's conclusions that waited for it (a new version each). */
export async function setFineNorm(deps: Deps, year: number, normKop: number, note: string | null): Promise<{ finesComputed: number }> {
  const nsi = await reviewNsi(deps.config);
  return deps.db.sql.transaction(async (tx) => {
    const repo = conclusionsRepo(tx);
    await repo.setNorm(year, normKop, note);
    const pending = await repo.pendingFines(year);
    const changes = pending.map((c) => {
      const share = fineShare(c.f014, (code) => nsi.decodeSOsn(String(code), c.date_act ?? undefined));
      const f = fineKop(normKop, share);
      return { id: c.id, content: { ...contentOf(c), fine_kop: f.fine, fine_pending: false }, source: c.source, sourceRef: c.source_ref };
    });
    await repo.update(changes, `fine-norm:${year}`);
    return { finesComputed: changes.length };
  });
}
