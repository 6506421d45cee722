/** Navigation of parsed records by element path (the same paths as Q015 ID_EL). */
import type { XmlNode } from '../model.js';

export type Value = string | XmlNode;

/** One occurrence of an element: its value and the chain of nodes above it (record first). */
export interface Occurrence {
  value: Value;
  parents: XmlNode[];
}

const asList = (v: unknown): Value[] => (v === undefined ? [] : Array.isArray(v) ? (v as Value[]) : [v as Value]);

/** Every parent node reached by `segments` from `root` (arrays fan out). */
export function parentsAt(root: XmlNode, segments: readonly string[]): XmlNode[][] {
  let level: XmlNode[][] = [[root]];
  for (const seg of segments) {
    const next: XmlNode[][] = [];
    for (const chain of level) {
      for (const v of asList(chain[chain.length - 1][seg])) if (typeof v === 'object') next.push([...chain, v]);
    }
    level = next;
  }
  return level;
}

/** Every occurrence of the element `name` under the parents reached by `segments`. */
export function occurrences(root: XmlNode, segments: readonly string[], name: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const chain of parentsAt(root, segments)) {
    for (const v of asList(chain[chain.length - 1][name])) out.push({ value: v, parents: chain });
  }
  return out;
}

/** Looks a field up in the nearest node of the chain that has it (for conditions like VPOLIS=1). */
export function nearest(chain: readonly XmlNode[], field: string): string | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const v = chain[i][field];
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  }
  return undefined;
}
