import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import { useGet } from '../api/use-get.js';
import type { RatingCatalog, RatingRun, RatingRunSummary } from '../api/ratings.js';
import { Chart } from '../chart.js';
import { ratingOption } from '../quality-charts.js';
import { num } from '../labels.js';
import { CATALOG_NAMES, INDICATOR_NAMES } from '../quality-labels.js';
import { parseRatingCsv } from '../rating-csv.js';

const fixed = (v: number | null | undefined, d = 2) => num(v, d);
const catalogName = (id: string) => CATALOG_NAMES[id] ?? id;
const sourceText = (r: { source: RatingRunSummary['source'] | undefined }) =>
  r.source?.kind === 'database' ? `реестры и заключения за ${r.source.year} г.` : 'загруженные показатели';
const when = (iso: string) => new Date(iso).toLocaleString('ru-RU', { dateStyle: 'short', timeStyle: 'short' });

/** One run: the overall score by unit as a chart, the table of directions and indicators, the XLSX export. */
function RunView({ run, catalog }: { run: RatingRun; catalog: RatingCatalog | undefined }) {
  const units = run.outputs.units;
  const option = useMemo(() => ratingOption(units), [run]);
  const dynamics = units.some((u) => u.integral !== undefined && u.integral !== null);
  const groups = catalog?.groups ?? Object.keys(units[0]?.directions ?? {}).map((id) => ({ id, title: id, weight: 0 }));
  const indicators = catalog?.indicators ?? Object.keys(units[0]?.indicators ?? {}).map((code) => ({ code, title: code, unit: null }));
  return (
    <div class="ratings-block" data-run={run.id}>
      <div class="ratings-head">
        <h2>
          Расчёт № {run.id}: {catalogName(run.catalog)}
        </h2>
        <a class="button" href={`/api/ratings/${run.id}/export?format=xlsx`} download>
          Экспорт в Excel
        </a>
      </div>
      <p class="muted">
        Источник: {sourceText({ source: run.inputs.source })}; рассчитан {when(run.createdAt)}. Баллы по десятибалльной шкале; итог —
        достигнутый уровень ДУ{dynamics ? ' (с динамикой: ИО = 0,6·ИД + 0,4·ДУ)' : ''}.
      </p>
      {run.outputs.warnings.map((w) => (
        <p class="muted">Предупреждение каталога: {w}</p>
      ))}
      <Chart name="Итоговый балл по участникам рейтинга" option={option} height={220} />
      <div class="ratings-scroll">
        <table class="grid ratings-table">
          <thead>
            <tr>
              <th>Место</th>
              <th>Участник</th>
              <th>Итоговый балл</th>
              {groups.map((g) => (
                <th title={g.title}>Направление {g.id}</th>
              ))}
              {dynamics && <th>ИД</th>}
              {indicators.map((i) => (
                <th title={i.title}>{INDICATOR_NAMES[i.code] ?? i.code}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr data-unit={u.unit}>
                <td class="n rank">{u.rank}</td>
                <td>{u.unit}</td>
                <td class="n score">{fixed(u.score)}</td>
                {groups.map((g) => (
                  <td class="n">{fixed(u.directions[g.id])}</td>
                ))}
                {dynamics && <td class="n">{fixed(u.dynamics)}</td>}
                {indicators.map((i) => (
                  <td class="n" title={`балл ${fixed(u.indicators[i.code]?.score)}`}>
                    {fixed(u.indicators[i.code]?.value)} <span class="muted">({fixed(u.indicators[i.code]?.score, 1)})</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">В ячейках показателей: значение и (балл).</p>
    </div>
  );
}

/** Ratings (TFOMS): the stored runs, a new run computed from the database, and the chosen run. */
export function RatingsPage({ runId }: { runId: string | null }) {
  const [runs, setRuns] = useState<RatingRunSummary[] | null>(null);
  const [catalogs, setCatalogs] = useState<RatingCatalog[]>([]);
  const [run, runError] = useGet<RatingRun>(runId ? `/api/ratings/${runId}` : null, { keep: false });
  const [catalog, setCatalog] = useState('mo-quality');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  // the years registers were loaded for, latest first: the year to rate starts at the latest of them
  const [years, setYears] = useState<number[]>([]);
  const [upload, setUpload] = useState('oms-region-2009');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const load = () =>
    api<{ runs: RatingRunSummary[]; catalogs: RatingCatalog[]; years: number[] }>('GET', '/api/ratings')
      .then((r) => {
        setRuns(r.runs);
        setCatalogs(r.catalogs);
        setYears(r.years);
        return r.years;
      })
      .catch((e: Error) => {
        setError(e.message);
        return [] as number[];
      });
  useEffect(() => {
    void load().then((ys) => ys.length && setYear(String(ys[0])));
  }, []);
  const compute = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (years.length && !years.includes(Number(year)))
      return setError(`За ${year} год реестров с принятыми случаями нет; они загружены за ${years.join(', ')} г.`);
    setBusy(true);
    try {
      const r = await api<{ id: string }>('POST', '/api/ratings/from-db', { catalog, year: Number(year) });
      await load();
      location.hash = `#/ratings?run=${r.id}`;
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const uploadCsv = async (e: Event) => {
    e.preventDefault();
    setError('');
    const file = (e.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>('input[name=file]')?.files?.[0];
    if (!file) return setError('Выберите CSV-файл с показателями');
    setBusy(true);
    try {
      const rows = parseRatingCsv(await file.text());
      const r = await api<{ id: string }>('POST', '/api/ratings', { catalog: upload, rows });
      await load();
      location.hash = `#/ratings?run=${r.id}`;
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="ratings">
      <h1>Рейтинги</h1>
      <form class="filters ratings-compute" onSubmit={compute}>
        <label>
          Каталог
          <select name="catalog" value={catalog} onChange={(e) => setCatalog(e.currentTarget.value)}>
            {catalogs
              .filter((c) => c.fromDatabase)
              .map((c) => (
                <option value={c.id}>{catalogName(c.id)}</option>
              ))}
          </select>
        </label>
        <label>
          Год
          <input
            name="year"
            type="number"
            min="2000"
            max="2100"
            list="rating-years"
            value={year}
            onChange={(e) => setYear(e.currentTarget.value)}
          />
          <datalist id="rating-years">
            {years.map((y) => (
              <option value={y} />
            ))}
          </datalist>
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Расчёт…' : 'Рассчитать по данным реестров'}
        </button>
      </form>
      <form class="filters ratings-upload" onSubmit={uploadCsv}>
        <label>
          Каталог (показатели из файла)
          <select name="upload_catalog" value={upload} onChange={(e) => setUpload(e.currentTarget.value)}>
            {catalogs.map((c) => (
              <option value={c.id}>{catalogName(c.id)}</option>
            ))}
          </select>
        </label>
        <label>
          CSV: unit, indicator, value или numerator, denominator
          <input name="file" type="file" accept=".csv,text/csv" />
        </label>
        <button type="submit" disabled={busy}>
          Рассчитать по файлу
        </button>
      </form>
      {(error || runError) && (
        <p class="error" role="alert">
          {error || runError}
        </p>
      )}
      {run && <RunView run={run} catalog={catalogs.find((c) => c.id === run.catalog)} />}
      <h2>Сохранённые расчёты</h2>
      {runs && runs.length === 0 && (
        <p class="muted">
          Расчётов пока нет: выберите каталог и год и нажмите «Рассчитать по данным реестров» или загрузите CSV-файл с показателями.
        </p>
      )}
      {runs && runs.length > 0 && (
        <table class="grid ratings-runs">
          <thead>
            <tr>
              <th>№</th>
              <th>Каталог</th>
              <th>Источник</th>
              <th>Участников</th>
              <th>Первое место</th>
              <th>Рассчитан</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr data-run={r.id} class={r.id === runId ? 'current' : ''}>
                <td class="n">
                  <a href={`#/ratings?run=${r.id}`}>{r.id}</a>
                </td>
                <td>{catalogName(r.catalog)}</td>
                <td>{sourceText(r)}</td>
                <td class="n">{r.units}</td>
                <td>{r.top ? `${r.top.unit} (${fixed(r.top.score)})` : '—'}</td>
                <td>{when(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
