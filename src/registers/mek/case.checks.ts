/**
 * Single-record MEK checks (Q016) that are arithmetic or need more than the condition language:
 * sums of the case vs its parts, sanctions vs payment, bed-days vs dates, units of payment,
 * the KSG tariff formula, and care outside the reporting period.
 */
import type { Finding } from '../contracts.js';
import type { RegisterHeader, Sl, Zap } from '../model.js';
import { toKopecks, formatKopecks } from '../../tariffs/money.js';
import { ksgCaseCost } from '../../tariffs/ksg.js';
import { mekName } from './q016.js';
import { ruDate } from '../../calendar.js';

type Emit = (rule: string, element: string, message: string, extra?: Partial<Finding>) => void;
const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
const isDate = (v: string | undefined): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);
const kop = toKopecks;
const sum = (xs: (number | undefined)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

export function checkCaseArithmetic(zap: Zap, header: RegisterHeader, emit: Emit): void {
  const z = zap.Z_SL;
  if (!z) return;
  const sls = z.SL ?? [];
  const sumv = kop(z.SUMV);
  // 002K.00.0370: SUMV = Σ SUM_M
  const sumM = sls.map((s) => kop(s.SUM_M));
  if (sumv !== undefined && sumM.every((x) => x !== undefined) && sumv !== sum(sumM)) {
    emit('002K.00.0370', 'Z_SL/SUMV', `SUMV ${z.SUMV} ≠ Σ SUM_M ${formatKopecks(sum(sumM))}`);
  }
  for (const sl of sls) checkSl(sl, z.USL_OK, z.IDSP, emit);
  // 003K.00.0250: SANK_IT = the largest S_SUM (not the sum)
  const sanks = z.SANK ?? [];
  const sankIt = kop(z.SANK_IT);
  const maxS = sanks.length ? Math.max(...sanks.map((s) => kop(s.S_SUM) ?? 0)) : undefined;
  if (sankIt !== undefined && maxS !== undefined && sankIt !== maxS) {
    emit('003K.00.0250', 'Z_SL/SANK_IT', `SANK_IT ${z.SANK_IT} ≠ наибольшей S_SUM ${formatKopecks(maxS)}`);
  }
  // 003K.00.0240: SUMP = SUMV − SANK_IT; 0260–0280: OPLATA consistent with the sums
  const sump = kop(z.SUMP);
  if (sump !== undefined && sumv !== undefined) {
    const it = sankIt ?? 0;
    if (sump !== sumv - it) emit('003K.00.0240', 'Z_SL/SUMP', `SUMP ${z.SUMP} ≠ SUMV ${z.SUMV} − SANK_IT ${formatKopecks(it)}`);
    if (z.OPLATA === '3' && !(it > 0 && sump > 0))
      emit('003K.00.0260', 'Z_SL/SUMP', `OPLATA=3 (частичный отказ), но SANK_IT=${formatKopecks(it)}, SUMP=${z.SUMP}`);
    if (z.OPLATA === '2' && !(sump === 0 && it === sumv))
      emit('003K.00.0270', 'Z_SL/SUMP', `OPLATA=2 (полный отказ), но SUMP=${z.SUMP}, SANK_IT=${formatKopecks(it)}`);
    if (z.OPLATA === '1' && !(sump === sumv && it === 0))
      emit('003K.00.0280', 'Z_SL/SUMP', `OPLATA=1 (полная оплата), но SUMP=${z.SUMP} ≠ SUMV=${z.SUMV}`);
  }
  // 003K.00.0440: KD_Z within the case's calendar days (24h and day hospital)
  if ((z.USL_OK === '1' || z.USL_OK === '2') && z.KD_Z !== undefined && isDate(z.DATE_Z_1) && isDate(z.DATE_Z_2)) {
    const kd = Number(z.KD_Z);
    const limit = days(z.DATE_Z_1, z.DATE_Z_2) + (z.USL_OK === '2' ? 1 : Math.max(1, 0));
    if (!(kd > 0) || kd > Math.max(limit, 1))
      emit('003K.00.0440', 'Z_SL/KD_Z', `KD_Z=${z.KD_Z} при длительности ${ruDate(z.DATE_Z_1)}…${ruDate(z.DATE_Z_2)}`);
  }
  // 002K.00.0160/0180: the case ends within or before the reporting period
  const y = Number(header.SCHET?.YEAR);
  const m = Number(header.SCHET?.MONTH);
  if (isDate(z.DATE_Z_2) && y && m) {
    const [cy, cm] = [Number(z.DATE_Z_2.slice(0, 4)), Number(z.DATE_Z_2.slice(5, 7))];
    const ended = `случай окончен ${ruDate(z.DATE_Z_2)}`;
    if (cy > y) emit('002K.00.0160', 'Z_SL/DATE_Z_2', `${ended}, после отчётного ${y} года`);
    else if (cy === y && cm > m)
      emit('002K.00.0180', 'Z_SL/DATE_Z_2', `${ended}, после отчётного месяца ${String(m).padStart(2, '0')}.${y}`);
  }
}

function checkSl(sl: Sl, uslOk: string | undefined, idsp: string | undefined, emit: Emit): void {
  const at = { sl_id: sl.SL_ID };
  const sumM = kop(sl.SUM_M);
  // 002K.00.0460: SL TARIF not above SUM_M
  const tarif = kop(sl.TARIF);
  if (tarif !== undefined && sumM !== undefined && tarif > sumM && sumM > 0)
    emit('002K.00.0460', 'Z_SL/SL/TARIF', `TARIF ${sl.TARIF} > SUM_M ${sl.SUM_M}`, at);
  // 002K.00.0430 / 0440: the main diagnosis is not repeated as accompanying or complication
  if (sl.DS1 && (sl.DS2?.includes(sl.DS1) || sl.DS3?.includes(sl.DS1)))
    emit('002K.00.0430', 'Z_SL/SL/DS1', `DS1 ${sl.DS1} совпадает с DS2/DS3`, at);
  if ((sl.DS2 ?? []).some((d) => (sl.DS3 ?? []).includes(d))) emit('002K.00.0440', 'Z_SL/SL/DS2', `DS2 совпадает с DS3`, at);
  // 003K.00.0430: KD within the stage's calendar days
  if ((uslOk === '1' || uslOk === '2') && sl.KD !== undefined && isDate(sl.DATE_1) && isDate(sl.DATE_2)) {
    const kd = Number(sl.KD);
    const limit = Math.max(1, days(sl.DATE_1, sl.DATE_2) + (uslOk === '2' ? 1 : 0));
    if (!(kd > 0) || kd > limit)
      emit('003K.00.0430', 'Z_SL/SL/KD', `KD=${sl.KD} при датах ${ruDate(sl.DATE_1)}…${ruDate(sl.DATE_2)} (не более ${limit})`, at);
  }
  const usl = sl.USL ?? [];
  // 003K.36.0011 (Q023): paid per service, SUM_M is the sum of the services
  if (idsp === '28' && sumM !== undefined && usl.length) {
    const su = usl.map((u) => kop(u.SUMV_USL));
    if (su.every((x) => x !== undefined) && sum(su) !== sumM)
      emit('003K.36.0011', 'Z_SL/SL/SUM_M', `SUM_M ${sl.SUM_M} ≠ Σ SUMV_USL ${formatKopecks(sum(su))} (оплата за услугу)`, at);
  }
  // 003K.00.0550 / 0560 / 1000: units of payment for outpatient care
  if (uslOk === '3' && (idsp === '25' || idsp === '29') && !(Number(sl.ED_COL) > 0))
    emit('003K.00.0550', 'Z_SL/SL/ED_COL', 'не указано количество посещений ED_COL', at);
  if (uslOk === '3' && idsp === '28' && sl.ED_COL !== undefined && Number(sl.ED_COL) !== usl.length)
    emit('003K.00.0560', 'Z_SL/SL/ED_COL', `ED_COL=${sl.ED_COL}, а услуг ${usl.length}`, at);
  for (const u of usl) {
    if (uslOk === '3' && (idsp === '25' || idsp === '28') && !(Number(u.KOL_USL) > 0))
      emit('003K.00.1000', 'Z_SL/SL/USL/KOL_USL', 'не указано количество услуг KOL_USL', { ...at, idserv: u.IDSERV });
    // 002K.00.0570: a service's tariff is not above its cost when at least one unit was provided
    const t = kop(u.TARIF);
    const s = kop(u.SUMV_USL);
    if (t !== undefined && s !== undefined && s > 0 && Number(u.KOL_USL ?? '1') >= 1 && t > s)
      emit('002K.00.0570', 'Z_SL/SL/USL/TARIF', `TARIF ${u.TARIF} > SUMV_USL ${u.SUMV_USL}`, { ...at, idserv: u.IDSERV });
  }
  // 003K.00.0970: IT_SL filled exactly when SL_K=1
  const k = sl.KSG_KPG;
  if (k && (k.SL_K === '1') !== (k.IT_SL !== undefined))
    emit('003K.00.0970', 'Z_SL/SL/KSG_KPG/IT_SL', `SL_K=${k.SL_K ?? '—'}, IT_SL ${k.IT_SL ?? 'отсутствует'}`, at);
  // The KSG tariff formula (planning spec §4): SUM_M = BZTSZ·KOEF_Z·KOEF_UP·KOEF_U·KOEF_D (+ BZTSZ·KOEF_D·IT_SL)
  if (k?.BZTSZ && k.KOEF_Z && k.KOEF_UP && k.KOEF_U && k.KOEF_D && sumM !== undefined) {
    try {
      const cost = ksgCaseCost({
        base: k.BZTSZ,
        koefZ: k.KOEF_Z,
        koefUp: k.KOEF_UP,
        koefU: k.KOEF_U,
        koefD: k.KOEF_D,
        itSl: k.SL_K === '1' ? k.IT_SL : undefined,
        koefPr: k.KOEF_PR,
      });
      if (Math.abs(cost - sumM) > 1)
        emit(
          '003K.83.0019',
          'Z_SL/SL/SUM_M',
          `SUM_M ${sl.SUM_M} не равна стоимости по КСГ ${k.N_KSG ?? ''}: ${formatKopecks(cost)} (БС×КЗ×КУП×КУС×КД)`,
          at,
        );
    } catch {
      /* coefficients that are not decimals are FLK findings (004F) */
    }
  }
}

export { mekName };
