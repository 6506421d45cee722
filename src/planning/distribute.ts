/**
 * Distributing a condition's annual volume to medical organisations (planning spec §3): weights
 * from the MOs' proposals, or last year's facts where there is no proposal; capped by capacity,
 * the excess redistributed to the MOs below their caps; the total is preserved exactly.
 */
import { AppError } from '../errors.js';
import { splitLargestRemainder } from './split.js';

export interface MoRequest {
  mo: string;
  proposal?: number;
  lastYear?: number;
  cap?: number;
}

export function distributeVolume(total: number, reqs: readonly MoRequest[]): Map<string, number> {
  const capSum = reqs.reduce((s, r) => s + (r.cap ?? Infinity), 0);
  if (capSum < total)
    throw new AppError('BAD_INPUT', `the capacity of all organisations (${capSum}) is below the volume to distribute (${total})`);
  const out = new Map<string, number>(reqs.map((r) => [r.mo, 0]));
  let left = total;
  let open = reqs.filter((r) => (r.proposal ?? r.lastYear ?? 0) > 0 || r.cap === undefined || r.cap > 0);
  while (left > 0 && open.length) {
    const weights = open.map((r) => [r.mo, Math.max(r.proposal ?? r.lastYear ?? 0, 0)] as const);
    const w = weights.every(([, x]) => x === 0) ? weights.map(([k]) => [k, 1] as const) : weights;
    const share = splitLargestRemainder(left, w);
    let over = 0;
    const next: MoRequest[] = [];
    for (const r of open) {
      const have = out.get(r.mo)!;
      const room = (r.cap ?? Infinity) - have;
      const give = Math.min(share.get(r.mo)!, room);
      out.set(r.mo, have + give);
      over += share.get(r.mo)! - give;
      if (give < room) next.push(r);
    }
    left = over;
    open = next;
  }
  if (left > 0) throw new AppError('BAD_INPUT', `${left} units could not be placed within the capacities`);
  return out;
}
