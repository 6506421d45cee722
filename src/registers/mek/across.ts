/**
 * Cross-record MEK: the cases of one person checked against each other and against the stored
 * history — duplicates in a register and across registers, overlapping inpatient stays, care in
 * other conditions during a 24h stay, care after death, repeat ambulance calls. Grouped by person
 * and sorted by date, so a batch costs O(n log n) plus the (small) number of pairs per person.
 */
import type { Finding } from '../contracts.js';
import { DEATH_RSLT, type CaseSummary } from './summary.js';
import { mekName } from './q016.js';
import { ruDate } from '../../calendar.js';

const DAY = 86_400_000;
const t = (d: string) => Date.parse(d + 'T00:00:00Z');
// the message is read by people (case card, protocol): its dates as a Russian text writes them, dd.mm.yyyy
const ref = (s: CaseSummary) => `${s.file} N_ZAP ${s.n_zap ?? '?'} IDCASE ${s.idcase ?? '?'} (${ruDate(s.d1)}…${ruDate(s.d2)})`;

function finding(rule: string, c: CaseSummary, other: CaseSummary, what: string, severity: Finding['severity'] = 'error'): Finding {
  return {
    control: 'MEK',
    rule,
    severity,
    element: 'ZAP/Z_SL',
    basEl: 'Z_SL',
    n_zap: c.n_zap,
    idcase: c.idcase,
    message: `${mekName(rule)}: ${what}; другой случай: ${ref(other)}`,
  };
}

function samecase(a: CaseSummary, b: CaseSummary) {
  return (
    a.lpu === b.lpu &&
    a.uslOk === b.uslOk &&
    a.d1 === b.d1 &&
    a.d2 === b.d2 &&
    a.ds1 === b.ds1 &&
    a.profil === b.profil &&
    (a.novor ?? '0') === (b.novor ?? '0')
  );
}

/** Findings for the current cases (each pair is reported once, on the later or the new case). */
export function checkAcrossCases(current: readonly CaseSummary[], history: readonly CaseSummary[]): Finding[] {
  const byPerson = new Map<string, CaseSummary[]>();
  const push = (s: CaseSummary) => {
    const cases = byPerson.get(s.personKey);
    if (cases) cases.push(s);
    else byPerson.set(s.personKey, [s]);
  };
  for (const s of history) push(s);
  for (const s of current) push(s.stored ? { ...s, stored: false } : s); // copied only when marked stored
  const out: Finding[] = [];
  for (const cases of byPerson.values()) {
    if (cases.length < 2) continue;
    cases.sort((a, b) => (a.d1 < b.d1 ? -1 : a.d1 > b.d1 ? 1 : 0));
    for (let j = 0; j < cases.length; j++) {
      const c = cases[j];
      if (c.stored) continue;
      for (let i = 0; i < cases.length; i++) {
        const o = cases[i];
        if (i === j || (!o.stored && i > j)) continue; // pairs of new cases: reported once, on the later one
        if (o.file === c.file && o.n_zap === c.n_zap) continue;
        out.push(...pair(c, o));
      }
    }
  }
  return out;
}

function pair(c: CaseSummary, o: CaseSummary): Finding[] {
  const out: Finding[] = [];
  if (samecase(c, o)) {
    if (o.file === c.file) {
      // Q016 003K.00.0420 for all but ambulance; ambulance calls: Q023 003K.36.0002
      out.push(finding(c.uslOk !== 4 ? '003K.00.0420' : '003K.36.0002', c, o, 'совпадают даты, условия, профиль и диагноз'));
    } else if (!c.prNov) out.push(finding('002K.75.0005', c, o, 'такой же случай уже предъявлен в другом реестре'));
    return out;
  }
  const [c1, c2, o1, o2] = [t(c.d1), t(c.d2), t(o.d1), t(o.d2)];
  const stay = (s: CaseSummary) => s.uslOk === 1;
  if (stay(c) && stay(o) && c1 < o2 && o1 < c2) {
    out.push(finding('002K.75.0001', c, o, 'пересечение периодов лечения в круглосуточном стационаре'));
  } else if ((stay(o) && c.uslOk === 2 && c1 < o2 && o1 < c2 && c1 > o1) || (stay(c) && o.uslOk === 2 && c1 < o2 && o1 < c2 && o1 > c1)) {
    out.push(finding('002K.75.0001', c, o, 'дневной стационар в период круглосуточного стационара'));
  } else if (c.uslOk === 3 && stay(o) && c1 > o1 && c1 < o2) {
    out.push(
      finding(
        '003K.42.0003',
        c,
        o,
        'амбулаторная помощь в период пребывания в круглосуточном стационаре (кроме дней поступления и выписки)',
      ),
    );
  } else if (o.uslOk === 3 && stay(c) && o1 > c1 && o1 < c2) {
    out.push(finding('003K.42.0003', c, o, 'в период этого пребывания в стационаре предъявлена амбулаторная помощь'));
  }
  if (o.rslt !== undefined && DEATH_RSLT.has(o.rslt) && c1 > o2) {
    out.push(finding('003F.47.0001', c, o, `помощь после даты смерти ${ruDate(o.d2)}`));
  } else if (c.rslt !== undefined && DEATH_RSLT.has(c.rslt) && o1 > c2) {
    out.push(finding('003F.47.0001', c, o, `после смерти ${ruDate(c.d2)} предъявлена помощь`));
  }
  if (c.uslOk === 4 && o.uslOk === 4 && Math.abs(c1 - o2) <= DAY && c.ds1 === o.ds1) {
    out.push(finding('003K.19.0002', c, o, 'повторный вызов скорой помощи в течение 24 часов', 'warning'));
  }
  return out;
}
