#!/usr/bin/env node
// Derives the rule tables from the official FFOMS lists: data/rules/q015.json from data/nsi/Q015.xml (FLK_MPF) and
// data/rules/q016.json from data/nsi/Q016.xml (MEK_MPF) + data/nsi/Q023.xml (regional MEK_MPR). Run:
// npm run gen:rules. The outputs are committed data, read by src/registers/flk/q015.loader.ts and
// mek/q016.loader.ts; test/registers/rule-catalogues.test.ts holds them to the catalogues and to this script.
// Each file is {"generatedBy","sources":[{file,type,version,date}],"rules":[…]}: one rule a line, its keys in the
// order below, fields the catalogue leaves empty absent (JSON has no undefined), UTF-8, a final newline.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const read = (f) => new TextDecoder('windows-1251').decode(readFileSync(resolve(here, '../data/nsi/' + f)));
/** JSON keeps no `undefined` fields: what the data files hold. */
const plain = (rules) => JSON.parse(JSON.stringify(rules));
const unesc = (s) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
const tag = (xml, t) => unesc((new RegExp(`<${t}>([\\s\\S]*?)</${t}>`).exec(xml) ?? [, ''])[1]);
const isoDate = (d) => (d ? d.split('.').reverse().join('-') : undefined);
function parse(xml, source) {
  const rules = [];
  for (const [, z] of xml.matchAll(/<zap>([\s\S]*?)<\/zap>/g)) {
    const g = (t) => tag(z, t);
    rules.push({
      id: g('ID_TEST'),
      ...(source ? { source } : {}),
      ...(g('DESC_TEST') ? { name: g('DESC_TEST') } : {}),
      el: g('ID_EL'),
      types: [...z.matchAll(/<TYPE_D>(.*?)<\/TYPE_D>/g)].map((m) => m[1]).join(''),
      nsi: g('NSI_OBJ') || undefined,
      nsiEl: g('NSI_EL') || undefined,
      cond: g('USL_TEST') || undefined,
      val: g('VAL_EL') || undefined,
      min: g('MIN_LEN') ? Number(g('MIN_LEN')) : undefined,
      max: g('MAX_LEN') ? Number(g('MAX_LEN')) : undefined,
      mask: g('MASK_VAL') || undefined,
      comment: g('COMMENT') || undefined,
      from: isoDate(g('DATEBEG')),
      to: isoDate(g('DATEEND')),
    });
  }
  return rules;
}
/** A catalogue's header (its `zglv`): which list, which version of it, of what date. */
function header(file) {
  const zglv = tag(read(file), 'zglv');
  return { file: 'data/nsi/' + file, type: tag(zglv, 'type'), version: tag(zglv, 'version'), date: isoDate(tag(zglv, 'date')) };
}
/** The Q015 rules as the catalogue gives them (the test compares the committed table with this). */
export const q015Rules = () => plain(parse(read('Q015.xml')));
/** The Q016 checks, then the regional Q023 ones. */
export const q016Rules = () => plain([...parse(read('Q016.xml'), 'Q016'), ...parse(read('Q023.xml'), 'Q023')]);

export const Q015_FILE = resolve(here, '../data/rules/q015.json');
export const Q016_FILE = resolve(here, '../data/rules/q016.json');

/** A data file's text: the header fields two-space indented, then one rule a line. */
function table(sources, rules) {
  const head = `  "generatedBy": "scripts/gen-q015.mjs (do not edit by hand)",\n  "sources": ${JSON.stringify(sources)},\n`;
  return `{\n${head}  "rules": [\n${rules.map((r) => '    ' + JSON.stringify(r)).join(',\n')}\n  ]\n}\n`;
}

/** The two data files' text, by path. */
export function render() {
  return {
    [Q015_FILE]: table([header('Q015.xml')], q015Rules()),
    [Q016_FILE]: table([header('Q016.xml'), header('Q023.xml')], q016Rules()),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [file, text] of Object.entries(render())) writeFileSync(file, text);
  console.log(`wrote ${q015Rules().length} Q015 rules, ${q016Rules().length} Q016/Q023 checks`);
}
