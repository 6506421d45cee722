import { useEffect, useState } from 'preact/hooks';
import { api, qs, type User } from '../api/client.js';
import type { WorklistLine, WorklistPage } from '../api/worklists.js';

/** The answer; when the period has no items, `latestPeriod` names the latest period that has (YYYY-MM). */
type Page = WorklistPage & { latestPeriod?: string | null };
import { ARM_NAMES, CONTROL_NAMES, STATE_NAMES, USL_OK, num, pct, rub } from '../labels.js';
import { rememberLine } from '../lines.js';
import { Pager } from '../pager.js';

const PAGE_SIZE = 50;
/** The arms a worklist item has (GET /api/worklists?arm=…); `unknown` is a conclusion's (sanctions of a register) only. */
const ITEM_ARMS = ['trigger', 'model', 'random', 'manual'];

function lastMonth(): string {
  const d = new Date();
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

interface Filters {
  period: string;
  smo: string;
  control: string;
  arm: string;
  state: string;
}

/**
 * Sortable columns: key, header, hint. The priority is what the model arm ranks by (selection/plan.ts): the expected
 * amount in kopecks (the model's p × case sum × K_NO, the «Ожидаемая сумма» column), or p(defect) alone when the
 * selection is configured to rank by it. An amount is shown in whole kopecks, a probability with three decimals.
 */
const SORTABLE: Array<[string, string, string?]> = [
  ['rank', 'Ранг'],
  ['score', 'Приоритет', 'по нему ранжируется отбор по модели: ожидаемая сумма (вероятность дефекта × сумма случая × K_NO), коп.'],
  ['propensity', 'Вероятность отбора'],
  ['expected_amount', 'Ожидаемая сумма'],
  ['case', 'Случай'],
];

export function WorklistPage({ user }: { user: User }) {
  const [filters, setFilters] = useState<Filters>(() => {
    const saved = sessionStorage.getItem('worklist.filters');
    return saved ? (JSON.parse(saved) as Filters) : { period: lastMonth(), smo: '', control: '', arm: '', state: '' };
  });
  // the period is last month's until someone picks one: then an empty answer moves to the latest period with lists
  const [chosen, setChosen] = useState(() => sessionStorage.getItem('worklist.filters') !== null);
  const [sort, setSort] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const canAssign = user.role === 'admin' || user.role === 'smo_coordinator';

  useEffect(() => {
    sessionStorage.setItem('worklist.filters', JSON.stringify(filters));
    if (!/^\d{4}-\d{2}$/.test(filters.period)) return;
    // filters change faster than the server answers: only the answer to the latest request is shown
    let stale = false;
    setLoading(true);
    setError('');
    api<Page>(
      'GET',
      `/api/worklists${qs({ period: filters.period, smo: filters.smo.trim(), control: filters.control, arm: filters.arm, state: filters.state, page, pageSize: PAGE_SIZE, sort })}`,
    )
      .then((d) => {
        if (stale) return;
        if (!chosen && d.total === 0 && d.latestPeriod && d.latestPeriod !== filters.period) {
          setChosen(true);
          setFilters({ ...filters, period: d.latestPeriod });
          return;
        }
        setData(d);
      })
      .catch((e: Error) => {
        if (stale) return;
        setData(null);
        setError(e.message);
      })
      .finally(() => {
        if (!stale) setLoading(false);
      });
    return () => {
      stale = true;
    };
  }, [filters, sort, page, tick]);

  const set = (k: keyof Filters) => (e: Event) => {
    setPage(1);
    setChosen(true);
    setFilters({ ...filters, [k]: (e.currentTarget as HTMLInputElement).value });
  };
  const sortBy = (key: string) => {
    setPage(1);
    setSort(sort === key ? `-${key}` : sort === `-${key}` ? '' : key);
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <section>
      <h1>Списки случаев для экспертизы</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Период
          <input name="period" type="month" value={filters.period} onChange={set('period')} />
        </label>
        {/* an insurer's coordinator and expert see their own insurer only: another's code would only empty the list */}
        {!user.smo && (
          <label>
            СМО
            <input name="smo" placeholder="код СМО" value={filters.smo} onInput={set('smo')} size={8} />
          </label>
        )}
        <label>
          Вид контроля
          <select name="control" value={filters.control} onChange={set('control')}>
            <option value="">все</option>
            <option value="MEE">МЭЭ</option>
            <option value="EKMP">ЭКМП</option>
          </select>
        </label>
        <label>
          Способ отбора
          <select name="arm" value={filters.arm} onChange={set('arm')}>
            <option value="">все</option>
            {ITEM_ARMS.map((k) => (
              <option value={k}>{ARM_NAMES[k]}</option>
            ))}
          </select>
        </label>
        <label>
          Состояние
          <select name="state" value={filters.state} onChange={set('state')}>
            <option value="">все</option>
            {Object.entries(STATE_NAMES).map(([k, v]) => (
              <option value={k}>{v}</option>
            ))}
          </select>
        </label>
        <span class="muted total">{loading ? 'Загрузка…' : data ? `Найдено: ${data.total}` : ''}</span>
        {/^\d{4}-\d{2}$/.test(filters.period) && (
          <a
            class="button export"
            href={`/api/worklists/export${qs({ period: filters.period, smo: filters.smo.trim(), control: filters.control, arm: filters.arm, state: filters.state, format: 'xlsx' })}`}
            download
          >
            Экспорт в Excel
          </a>
        )}
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && data.items.length === 0 && (
        <p class="muted">
          Нет случаев по выбранным условиям.
          {data.latestPeriod && data.latestPeriod !== filters.period && (
            <>
              {' '}
              Последний период со списками —{' '}
              <button type="button" class="link latest-period" onClick={() => setFilters({ ...filters, period: data.latestPeriod! })}>
                {data.latestPeriod}
              </button>
              .
            </>
          )}
        </p>
      )}
      {data && data.items.length > 0 && (
        <>
          <table class="grid worklist">
            <thead>
              <tr>
                {SORTABLE.map(([key, label, hint]) => (
                  <>
                    <th class="sortable" onClick={() => sortBy(key)} data-sort={key} title={hint}>
                      {label}
                      {sort === key ? ' ▲' : sort === `-${key}` ? ' ▼' : ''}
                    </th>
                    {key === 'score' && <th title="калиброванная вероятность, что экспертиза подтвердит дефект">Вероятность дефекта</th>}
                  </>
                ))}
                <th>МО</th>
                <th>СМО</th>
                <th>Условия</th>
                <th>Контроль</th>
                <th>Отбор</th>
                <th>Состояние</th>
                <th>Эксперт</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((l) => (
                <Row line={l} canAssign={canAssign} onChanged={() => setTick(tick + 1)} />
              ))}
            </tbody>
          </table>
          <Pager page={page} pages={pages} setPage={setPage} />
        </>
      )}
    </section>
  );
}

function Row({ line: l, canAssign, onChanged }: { line: WorklistLine; canAssign: boolean; onChanged: () => void }) {
  const [expert, setExpert] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const assign = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api('POST', `/api/worklists/items/${l.id}/assign`, { expert: expert.trim() });
      setExpert('');
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-item={l.id}>
      <td class="n">{l.rank ?? '—'}</td>
      <td class="n">{num(l.score, l.score !== null && Math.abs(l.score) >= 1 ? 0 : 3)}</td>
      <td class="n">{pct(l.p_defect)}</td>
      <td class="n">{num(l.propensity)}</td>
      <td class="n">{rub(l.expected_amount)}</td>
      <td>
        <a href={`#/cases/${l.case_id}?item=${l.id}`} onClick={() => rememberLine(l)} title={`${l.file}, N_ZAP ${l.n_zap}`}>
          {l.idcase}
        </a>
      </td>
      <td>{l.mo}</td>
      <td>{l.smo}</td>
      <td>{l.usl_ok === null ? '—' : (USL_OK[String(l.usl_ok)] ?? l.usl_ok)}</td>
      <td>{CONTROL_NAMES[l.control] ?? l.control}</td>
      <td title={l.reason ?? ''}>{ARM_NAMES[l.arm] ?? l.arm}</td>
      <td>{STATE_NAMES[l.state] ?? l.state}</td>
      <td>
        <span class="expert">{l.expert ?? '—'}</span>
        {canAssign && l.state !== 'concluded' && (
          <form class="assign" onSubmit={assign}>
            <input
              name="expert"
              placeholder="код эксперта"
              value={expert}
              onInput={(e) => setExpert(e.currentTarget.value)}
              size={8}
              required
            />
            <button type="submit" disabled={busy}>
              {l.expert ? 'Переназначить' : 'Назначить'}
            </button>
          </form>
        )}
        {error && (
          <div class="error" role="alert">
            {error}
          </div>
        )}
      </td>
    </tr>
  );
}
