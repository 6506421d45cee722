import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../api/client.js';
import type { Act, ActKey } from '../api/acts.js';
import { ACT_TITLE, CONTROL_NAMES, kop, ruDate } from '../labels.js';

function lastMonth(): string {
  const d = new Date();
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const keyOf = (k: ActKey) => `${k.mo}|${k.smo ?? ''}|${k.control}`;
const cases = (n: number) =>
  `${n} ${n % 10 === 1 && n % 100 !== 11 ? 'случай' : [2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100) ? 'случая' : 'случаев'}`;
const defectsText = (l: Act['lines'][number]) =>
  l.defects.length ? l.defects.map((d) => (d.item ? `${d.code} (п. ${d.item.replace(/\.$/, '')})` : String(d.code))).join(', ') : 'нет';

/** Acts of MEE / EKMP: a period, one of its acts (MO, insurer, control), the act laid out for printing, PDF and XLSX. */
export function ActsPage() {
  const [period, setPeriod] = useState(() => sessionStorage.getItem('acts.period') ?? lastMonth());
  // the period is last month's until someone picks one: then an empty answer moves to the latest period with acts
  const [picked, setPicked] = useState(() => sessionStorage.getItem('acts.period') !== null);
  const [latest, setLatest] = useState<string | null>(null);
  const [keys, setKeys] = useState<ActKey[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [act, setAct] = useState<Act | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    sessionStorage.setItem('acts.period', period);
    setKeys(null);
    setAct(null);
    setError('');
    if (!/^\d{4}-\d{2}$/.test(period)) return;
    let stale = false;
    api<{ acts: ActKey[]; latestPeriod?: string | null }>('GET', `/api/acts/list${qs({ period })}`)
      .then((r) => {
        if (stale) return;
        setLatest(r.latestPeriod ?? null);
        if (!picked && !r.acts.length && r.latestPeriod && r.latestPeriod !== period) {
          setPicked(true);
          setPeriod(r.latestPeriod);
          return;
        }
        setKeys(r.acts);
        setChosen(r.acts.length ? keyOf(r.acts[0]) : '');
      })
      .catch((e: Error) => !stale && setError(e.message));
    return () => {
      stale = true;
    };
  }, [period]);

  const key = keys?.find((k) => keyOf(k) === chosen);
  const query = key ? { period, mo: key.mo, control: key.control, smo: key.smo ?? undefined } : null;
  useEffect(() => {
    setAct(null);
    if (!query) return;
    let stale = false;
    api<Act>('GET', `/api/acts${qs(query)}`)
      .then((a) => !stale && setAct(a))
      .catch((e: Error) => !stale && setError(e.message));
    return () => {
      stale = true;
    };
  }, [chosen, keys]);

  return (
    <section class="acts-page">
      <h1 class="no-print">Акты экспертизы</h1>
      <form class="filters no-print" onSubmit={(e) => e.preventDefault()}>
        <label>
          Период
          <input
            name="period"
            type="month"
            value={period}
            onChange={(e) => {
              setPicked(true);
              setPeriod(e.currentTarget.value);
            }}
          />
        </label>
        <label>
          Акт (МО, СМО, вид контроля)
          <select name="act" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)} disabled={!keys?.length}>
            {(keys ?? []).map((k) => (
              <option value={keyOf(k)}>
                МО {k.mo} · СМО {k.smo ?? '—'} · {CONTROL_NAMES[k.control] ?? k.control} ({cases(k.cases)})
              </option>
            ))}
          </select>
        </label>
        {act && query && (
          <span class="actions">
            <button type="button" onClick={() => window.print()}>
              Печать
            </button>
            <a class="button" href={`/api/acts${qs({ ...query, format: 'pdf' })}`} download data-format="pdf">
              Скачать PDF
            </a>
            <a class="button" href={`/api/acts${qs({ ...query, format: 'xlsx' })}`} download data-format="xlsx">
              Скачать Excel
            </a>
          </span>
        )}
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {keys && keys.length === 0 && (
        <p class="muted">
          За период {period} заключений экспертизы нет.
          {latest && latest !== period ? (
            <>
              {' '}
              Последний период с заключениями —{' '}
              <button type="button" class="link latest-period" onClick={() => setPeriod(latest)}>
                {latest}
              </button>
              .
            </>
          ) : (
            ' Акт составляется по заключениям экспертов: их вносят в карточке случая или загружают из файла.'
          )}
        </p>
      )}
      {act && <ActView act={act} />}
    </section>
  );
}

function ActView({ act: a }: { act: Act }) {
  const nums = a.acts
    .filter((x) => x.num || x.date)
    .map((x) => [x.num && `№ ${x.num}`, x.date && `от ${ruDate(x.date)}`].filter(Boolean).join(' '))
    .join('; ');
  return (
    <article class="act">
      <h2>
        Акт {ACT_TITLE[a.control] ?? a.control}
        {nums ? ` ${nums}` : ''}
      </h2>
      <table class="act-head">
        <tbody>
          <tr>
            <th>Медицинская организация</th>
            <td>{a.mo.name ? `${a.mo.code} — ${a.mo.name}` : a.mo.code}</td>
          </tr>
          <tr>
            <th>Страховая медицинская организация</th>
            <td>{a.smo ?? '—'}</td>
          </tr>
          <tr>
            <th>Отчётный период</th>
            <td>{a.period}</td>
          </tr>
          <tr>
            <th>Счета</th>
            <td>{a.accounts.map((s) => `№ ${s.nschet ?? '—'}${s.dschet ? ` от ${ruDate(s.dschet)}` : ''} (${s.file})`).join('; ')}</td>
          </tr>
          <tr>
            <th>Эксперты</th>
            <td>{a.experts.join(', ') || '—'}</td>
          </tr>
        </tbody>
      </table>
      <table class="grid act-lines">
        <thead>
          <tr>
            <th>№</th>
            <th>Счёт</th>
            <th>N_ZAP</th>
            <th>IDCASE</th>
            <th>Пациент (псевдоним)</th>
            <th>Начало лечения</th>
            <th>Окончание лечения</th>
            <th>Сумма случая, руб.</th>
            <th>Нарушения: код F014 (пункт 231н)</th>
            <th>Не подлежит оплате, руб.</th>
            <th>Штраф, руб.</th>
            <th>Эксперты</th>
            <th>№ акта</th>
            <th>Дата акта</th>
          </tr>
        </thead>
        <tbody>
          {a.lines.map((l, i) => (
            <tr data-idcase={l.idcase}>
              <td class="n">{i + 1}</td>
              <td>{l.account ?? '—'}</td>
              <td>{l.n_zap}</td>
              <td>{l.idcase}</td>
              <td class="patient">{l.patient ?? '—'}</td>
              <td>{ruDate(l.date_1)}</td>
              <td>{ruDate(l.date_2)}</td>
              <td class="n">{kop(l.sum_kop)}</td>
              <td class="defects">{defectsText(l)}</td>
              <td class="n">{kop(l.amount_kop)}</td>
              <td class="n">{l.fine_pending ? 'ожидает норматива' : kop(l.fine_kop)}</td>
              <td>{l.experts.join(', ')}</td>
              <td>{l.num_act ?? ''}</td>
              <td>{l.date_act ? ruDate(l.date_act) : ''}</td>
            </tr>
          ))}
          <tr class="total">
            <td colSpan={7}>
              Итого: случаев {a.totals.cases}, с нарушениями {a.totals.with_defects}
            </td>
            <td class="n sum">{kop(a.totals.sum_kop)}</td>
            <td />
            <td class="n amount">{kop(a.totals.amount_kop)}</td>
            <td class="n fine">{kop(a.totals.fine_kop)}</td>
            <td colSpan={3} />
          </tr>
        </tbody>
      </table>
      {a.totals.fines_pending > 0 && (
        <p class="muted">Штрафы по {a.totals.fines_pending} случаям не рассчитаны: не задан подушевой норматив финансирования года.</p>
      )}
      <h3>Выявленные нарушения</h3>
      {a.defects.length === 0 ? (
        <p>Нарушений не выявлено.</p>
      ) : (
        <table class="grid act-defects">
          <thead>
            <tr>
              <th>Код F014</th>
              <th>Пункт 231н</th>
              <th>Нарушение</th>
              <th>Случаев</th>
            </tr>
          </thead>
          <tbody>
            {a.defects.map((d) => (
              <tr>
                <td>{d.code}</td>
                <td>{d.item ?? '—'}</td>
                <td>{d.name ?? '—'}</td>
                <td class="n">{d.cases}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="signatures">
        <p>Эксперт(ы): {a.experts.join(', ') || '—'} ____________________</p>
        <p>Представитель медицинской организации ____________________</p>
      </div>
    </article>
  );
}
