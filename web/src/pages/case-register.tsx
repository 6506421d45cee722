// The case as the register has it, in sections: diagnoses, stays and services, oncology (ONK_SL) and sums. The
// register's JSON (Z_SL without SL, each SL on its own) is shown by its element names' meaning, never raw.
import type { CaseDetail } from '../api/cases.js';
import { DS1_T_NAMES, OPLATA_NAMES, USL_TIP_NAMES, rub, ruDate } from '../labels.js';

type Json = Record<string, unknown>;
export type SubCase = CaseDetail['subCases'][number];
export type RegisterSank = CaseDetail['sanctions'][number];

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : v && typeof v === 'object' ? [v as Json] : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null || v === '' ? [] : [String(v)]);
const t = (v: unknown) => (v === undefined || v === null || v === '' ? '—' : String(v));

export function Diagnoses({ c, subCases }: { c: Json; subCases: SubCase[] }) {
  return (
    <section class="diagnoses">
      <h2>Диагнозы</h2>
      <p>
        Основной диагноз случая: <strong>{t(c.ds1)}</strong>
      </p>
      <table class="grid">
        <thead>
          <tr>
            <th>SL</th>
            <th>Первичный (DS0)</th>
            <th>Основной (DS1)</th>
            <th>Сопутствующие (DS2)</th>
            <th>Осложнения (DS3)</th>
            <th>Характер заболевания</th>
          </tr>
        </thead>
        <tbody>
          {subCases.map((s) => {
            const sl = s.sl ?? {};
            const ds2 = [...strs(sl.DS2), ...list(sl.DS2_N).map((d) => String(d.DS2))];
            return (
              <tr>
                <td>{s.sl_id}</td>
                <td>{t(sl.DS0)}</td>
                <td>{t(sl.DS1)}</td>
                <td>{ds2.length ? ds2.join(', ') : '—'}</td>
                <td>{strs(sl.DS3).join(', ') || '—'}</td>
                <td>{t(sl.C_ZAB)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function Stays({ subCases }: { subCases: SubCase[] }) {
  return (
    <section class="stays">
      <h2>Пребывание и услуги (SL: {subCases.length})</h2>
      {subCases.map((s) => {
        const sl = s.sl ?? {};
        const ksg = (sl.KSG_KPG ?? {}) as Json;
        const usl = list(sl.USL);
        return (
          <div class="stay">
            <p>
              <strong>SL {s.sl_id}</strong>: {ruDate(sl.DATE_1)} — {ruDate(sl.DATE_2)}, профиль {t(sl.PROFIL)}, койко-дней {t(sl.KD)},
              история болезни {t(sl.NHISTORY)}
              {ksg.N_KSG ? `, КСГ ${String(ksg.N_KSG)} (КЗ ${t(ksg.KOEF_Z)}, КУП ${t(ksg.KOEF_UP)})` : ''}, тариф {rub(sl.TARIF as string)},
              сумма {rub(sl.SUM_M as string)}
            </p>
            {usl.length > 0 && (
              <table class="grid services">
                <thead>
                  <tr>
                    <th>Услуга</th>
                    <th>Даты</th>
                    <th>Кол-во</th>
                    <th>Тариф</th>
                    <th>Сумма</th>
                  </tr>
                </thead>
                <tbody>
                  {usl.map((u) => (
                    <tr>
                      <td>{t(u.CODE_USL ?? u.VID_VME)}</td>
                      <td>
                        {ruDate(u.DATE_IN)} — {ruDate(u.DATE_OUT)}
                      </td>
                      <td>{t(u.KOL_USL)}</td>
                      <td>{rub(u.TARIF as string)}</td>
                      <td>{rub(u.SUMV_USL as string)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
    </section>
  );
}

/** ONK_SL of every SL that has one; nothing when none does. */
export function Oncology({ subCases }: { subCases: SubCase[] }) {
  const onk = subCases.filter((s) => s.sl && s.sl.ONK_SL);
  if (!onk.length) return null;
  return (
    <section class="oncology">
      <h2>Онкология (ONK_SL)</h2>
      {onk.map((s) => {
        const o = s.sl!.ONK_SL as Json;
        return (
          <div class="onk">
            <p>
              <strong>SL {s.sl_id}</strong>: повод — {DS1_T_NAMES[String(o.DS1_T)] ?? t(o.DS1_T)}; стадия {t(o.STAD)}, T {t(o.ONK_T)}, N{' '}
              {t(o.ONK_N)}, M {t(o.ONK_M)}
              {o.SOD ? `; СОД ${String(o.SOD)}` : ''}
            </p>
            {list(o.B_DIAG).length > 0 && (
              <p>
                Диагностика:{' '}
                {list(o.B_DIAG)
                  .map((d) => `${ruDate(d.DIAG_DATE)} тип ${t(d.DIAG_TIP)} код ${t(d.DIAG_CODE)} результат ${t(d.DIAG_RSLT)}`)
                  .join('; ')}
              </p>
            )}
            {list(o.ONK_USL).length > 0 && (
              <p>
                Лечение:{' '}
                {list(o.ONK_USL)
                  .map((u) => {
                    const lek = list(u.LEK_PR).map((l) => `${t(l.REGNUM)} (схема ${t(l.CODE_SH)})`);
                    return `${USL_TIP_NAMES[String(u.USL_TIP)] ?? t(u.USL_TIP)}${lek.length ? `: ${lek.join(', ')}` : ''}`;
                  })
                  .join('; ')}
              </p>
            )}
            {list(s.sl!.CONS).length > 0 && (
              <p>
                Консилиум:{' '}
                {list(s.sl!.CONS)
                  .map((x) => `повод ${t(x.PR_CONS)}, ${t(x.DT_CONS)}`)
                  .join('; ')}
              </p>
            )}
          </div>
        );
      })}
    </section>
  );
}

export function Sums({ c, sanctions }: { c: Json; sanctions: RegisterSank[] }) {
  return (
    <section class="sums">
      <h2>Суммы</h2>
      <dl class="sum-fields">
        <dt>Выставлено</dt>
        <dd>{rub(c.sumv as string)}</dd>
        <dt>Принято к оплате</dt>
        <dd>{rub(c.sump as string)}</dd>
        <dt>Санкции</dt>
        <dd>{rub(c.sank_it as string)}</dd>
        <dt>Решение об оплате</dt>
        <dd>{OPLATA_NAMES[String(c.oplata)] ?? t(c.oplata)}</dd>
      </dl>
      {sanctions.length > 0 && (
        <table class="grid register-sank">
          <thead>
            <tr>
              <th>Санкция из реестра</th>
              <th>Сумма</th>
              <th>Основание (F014)</th>
              <th>Акт</th>
            </tr>
          </thead>
          <tbody>
            {sanctions.map((s) => (
              <tr>
                <td>{s.s_tip_name ?? t(s.s_tip)}</td>
                <td>{rub(s.s_sum)}</td>
                <td>
                  {t(s.s_osn)} {s.s_osn_item ? `п. ${s.s_osn_item}` : ''}
                </td>
                <td>
                  № {t(s.num_act)} от {ruDate(s.date_act)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
