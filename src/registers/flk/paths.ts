/**
 * Navigation of parsed records by element path (the same paths as Q015 ID_EL). The parent paths of
 * a rule set form a tree (Z_SL → Z_SL/SL → Z_SL/SL/USL…); each path is walked once per record from
 * the chains of its parent path, and every rule group (and every other path that extends it)
 * reuses those chains. Used by the FLK engine and the MEK data checks.
 */
import type { XmlNode } from '../model.js';

/** A compiled set of parent paths: node 0 is the root; node i > 0 is reached from node `from[i]` by the element `seg[i]`. */
export interface ParentPlan {
  from: number[];
  seg: string[];
  /** The node of each input path, in the order the paths were given. */
  nodeOf: number[];
}

/** Compiles parent paths into a {@link ParentPlan}; a parent node always comes before its children. */
export function planParents(paths: ReadonlyArray<readonly string[]>): ParentPlan {
  const plan: ParentPlan = { from: [-1], seg: [''], nodeOf: [] };
  const ids = new Map<string, number>([['', 0]]);
  for (const segments of paths) {
    let node = 0;
    let key = '';
    for (const seg of segments) {
      key += '/' + seg;
      let id = ids.get(key);
      if (id === undefined) {
        id = plan.from.length;
        plan.from.push(node);
        plan.seg.push(seg);
        ids.set(key, id);
      }
      node = id;
    }
    plan.nodeOf.push(node);
  }
  return plan;
}

const NONE: XmlNode[][] = [];

/**
 * Walks a plan over one record: for each node, every chain from the root to a node at that path
 * (repeated elements fan out; text where a node is expected is skipped). With a context, each
 * chain starts with it (the fields rules compare with that are not in the record).
 */
export function walkParents(plan: ParentPlan, root: XmlNode, context?: XmlNode): XmlNode[][][] {
  const n = plan.from.length;
  const level: XmlNode[][][] = new Array(n);
  level[0] = [context ? [context, root] : [root]];
  for (let i = 1; i < n; i++) {
    const up = level[plan.from[i]];
    if (!up.length) {
      level[i] = NONE;
      continue;
    }
    const seg = plan.seg[i];
    let next: XmlNode[][] | undefined;
    for (let j = 0; j < up.length; j++) {
      const chain = up[j];
      const v = chain[chain.length - 1][seg];
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        for (let k = 0; k < v.length; k++) {
          const x = v[k];
          if (x && typeof x === 'object') (next ??= []).push(extend(chain, x as XmlNode));
        }
      } else if (v && typeof v === 'object') (next ??= []).push(extend(chain, v));
    }
    level[i] = next ?? NONE;
  }
  return level;
}

function extend(chain: readonly XmlNode[], node: XmlNode): XmlNode[] {
  const c = chain.slice();
  c.push(node);
  return c;
}
