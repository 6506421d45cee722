/** What a rule id of a finding means, in Russian, from the FLK and MEK catalogues (Q015, Q016/Q023). */
import { FLK_RULES } from './flk/index.js';
import { Q015, describeRule } from './flk/q015.js';
import { mekName } from './mek/q016.js';

const OTHER: Record<string, string> = {
  '': 'файл не прочитан (не XML, неверная кодировка или структура)',
  RETURN: 'повторный счёт отличается от сохранённого не только оплатой',
};

/** The description of `rule` under `control` (FLK or MEK); the id itself when no catalogue knows it. */
export function ruleName(control: string, rule: string): string {
  if (rule in OTHER) return OTHER[rule];
  if (control === 'MEK') return mekName(rule);
  const q = Q015.get(rule);
  return FLK_RULES.get(rule) ?? (q ? describeRule(q) : mekName(rule));
}
