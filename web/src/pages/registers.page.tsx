// Реестры: upload a package and the list of packages the user may see (an MO's user: its own MO's), paged.
import { useEffect, useState } from 'preact/hooks';
import { api, qs, type User } from '../api/client.js';
import type { PackageList } from '../api/registers.js';
import { PACKAGE_STATUS } from '../labels.js';
import { UploadBox } from '../registers/upload-box.js';
import { RuleChips } from '../registers/rules.js';
import { Pager } from '../pager.js';

const PAGE_SIZE = 20;

interface Filters {
  status: string;
  period: string;
  mo: string;
}

export function RegistersPage({ user }: { user: User }) {
  const [filters, setFilters] = useState<Filters>({ status: '', period: '', mo: '' });
  const [page, setPage] = useState(1);
  const [data, setData] = useState<PackageList | null>(null);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (filters.period && !/^\d{4}-\d{2}$/.test(filters.period)) return;
    let stale = false;
    setError('');
    api<PackageList>('GET', `/api/registers${qs({ ...filters, mo: filters.mo.trim(), page, pageSize: PAGE_SIZE })}`)
      .then((d) => !stale && setData(d))
      .catch((e: Error) => {
        if (stale) return;
        setData(null);
        setError(e.message);
      });
    return () => {
      stale = true;
    };
  }, [filters, page, tick]);

  const set = (k: keyof Filters) => (e: Event) => {
    setPage(1);
    setFilters({ ...filters, [k]: (e.currentTarget as HTMLInputElement).value });
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <section class="registers">
      <h1>Реестры счетов</h1>
      <UploadBox onChange={() => setTick((t) => t + 1)} />
      <div class="filters">
        <label>
          Статус
          <select name="status" value={filters.status} onChange={set('status')}>
            <option value="">любой</option>
            {Object.entries(PACKAGE_STATUS).map(([k, v]) => (
              <option value={k}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          Период (ГГГГ-ММ)
          <input name="period" placeholder="2025-08" value={filters.period} onInput={set('period')} size={8} />
        </label>
        {user.role !== 'mo' && (
          <label>
            МО
            <input name="mo" placeholder="код МО" value={filters.mo} onInput={set('mo')} size={8} />
          </label>
        )}
        {data && <span class="total muted">Пакетов: {data.total}</span>}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && data.items.length === 0 && <p class="muted">Пакетов нет.</p>}
      {data && data.items.length > 0 && (
        <table class="grid packages">
          <thead>
            <tr>
              <th>№</th>
              <th>Файл пакета</th>
              <th>МО</th>
              <th>Период</th>
              <th>Загружен</th>
              <th>Статус</th>
              <th>Случаев</th>
              <th>Принято</th>
              <th>Отклонено</th>
              <th>Замечаний</th>
              <th>Частые правила</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((p) => (
              <tr data-package={p.id}>
                <td>
                  <a href={`#/registers/${p.id}`}>{p.id}</a>
                </td>
                <td class="source">
                  <a href={`#/registers/${p.id}`}>{p.source}</a>
                  <div class="muted files">{p.files.map((f) => f.file).join(', ')}</div>
                </td>
                <td class="mo">{p.mos.join(', ') || '—'}</td>
                <td>{p.periods.join(', ') || '—'}</td>
                <td>{new Date(p.createdAt).toLocaleString('ru-RU')}</td>
                <td class={`pkg-status ${p.status}`}>{PACKAGE_STATUS[p.status] ?? p.status}</td>
                <td class="n cases">{p.counts.cases}</td>
                <td class="n accepted">{p.counts.accepted}</td>
                <td class="n rejected">{p.counts.rejected}</td>
                <td class="n findings">{p.counts.findings}</td>
                <td>
                  <RuleChips rules={p.rules} total={p.ruleCount} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && pages > 1 && <Pager page={page} pages={pages} setPage={setPage} />}
    </section>
  );
}
