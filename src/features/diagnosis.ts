/**
 * Diagnosis features: DS1 with its ICD-10 category, block and chapter; DS2/DS3 counts and chapters; DS0; C_ZAB; the
 * change of DS1 against the person's previous case. Target encodings of DS1 belong to the model version (training).
 */
import type { CaseInput, PastCase } from './case-input.js';
import { code, list, mainSl } from './case-input.js';
import type { CatValues, NumValues } from './feature-spec.js';
import { icdBlock, icdCategory, icdChapter } from './icd10-blocks.js';

/** The diagnosis features of a case; `prev` is the person's previous case (casesBefore()[0]). */
export function diagnosisFeatures(c: CaseInput, prev: PastCase | undefined): { num: NumValues; cat: CatValues } {
  const ds2 = new Set<string>();
  const ds3 = new Set<string>();
  let ds0: string | null = null;
  for (const sl of c.sl) {
    for (const d of list(sl.DS2)) if (d) ds2.add(d);
    for (const d of list(sl.DS2_N)) if (d?.DS2) ds2.add(d.DS2);
    for (const d of list(sl.DS3)) if (d) ds3.add(d);
    ds0 ??= sl.DS0 || null;
  }
  const chapters = new Set<string>();
  for (const d of ds2) {
    const ch = icdChapter(d);
    if (ch) chapters.add(ch);
  }
  const ds1 = c.ds1;
  const cat = icdCategory(ds1);
  const block = icdBlock(ds1);
  const prevCat = prev ? icdCategory(prev.ds1) : null;
  const prevBlock = prev ? icdBlock(prev.ds1) : null;
  return {
    num: {
      ds2_n: ds2.size,
      ds2_chapters_n: chapters.size,
      ds3_n: ds3.size,
      ds0_f: ds0 ? 1 : 0,
      ds1_changed_f: prev && cat && prevCat ? Number(cat !== prevCat) : NaN,
      ds1_block_changed_f: prev && block && prevBlock ? Number(block !== prevBlock) : NaN,
    },
    cat: {
      ds1: code(ds1),
      ds1_cat: cat,
      ds1_block: block,
      ds1_chapter: icdChapter(ds1),
      ds0_chapter: icdChapter(ds0),
      c_zab: code(mainSl(c)?.C_ZAB),
    },
  };
}
