/** The Q015 FLK rules (data/rules/q015.json, generated from data/nsi/Q015.xml by scripts/gen-q015.mjs). */
import { loadRuleTable, ROW_SHAPE, RULES_DIR, type RuleShape } from '../rule-table.loader.js';
import type { Q015Rule } from './q015.js';

const SHAPE: RuleShape<Q015Rule> = { ...ROW_SHAPE, min: 'number', max: 'number', mask: 'string' };

export const Q015_RULES: readonly Q015Rule[] = loadRuleTable(RULES_DIR + 'q015.json', SHAPE);
