// Журнал доступа: the append-only audit log of personal-data reads, by period and login, newest first, paged.
import { useEffect, useState } from 'preact/hooks';
import { api, qs, type User } from '../api/client.js';
import type { AuditPage as Page } from '../api/audit.js';
import { AUDIT_ACTION, ROLE_NAMES } from '../labels.js';
import { Pager } from '../pager.js';

const PAGE_SIZE = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export function AuditPage({ user }: { user: User }) {
  // whose data was read: the patients' keys are TFOMS's to see (an administrator has no access to personal data)
  const showPersons = user.role === 'tfoms';
  // the period is [from, to]: both days included (the API's `to` is exclusive)
  const [filters, setFilters] = useState({ from: day(-30), to: day(0), login: '' });
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    if (!DATE.test(filters.from) || !DATE.test(filters.to)) return;
    if (filters.from > filters.to) {
      setData(null);
      setError('Начало периода позже его конца');
      return;
    }
    const to = new Date(Date.parse(filters.to + 'T00:00:00Z') + 86_400_000).toISOString().slice(0, 10);
    let stale = false;
    setError('');
    api<Page>('GET', `/api/audit${qs({ from: filters.from, to, login: filters.login.trim(), page, pageSize: PAGE_SIZE })}`)
      .then((d) => !stale && setData(d))
      .catch((e: Error) => {
        if (stale) return;
        setData(null);
        setError(e.message);
      });
    return () => {
      stale = true;
    };
  }, [filters, page]);

  const set = (k: 'from' | 'to' | 'login') => (e: Event) => {
    setPage(1);
    setFilters({ ...filters, [k]: (e.currentTarget as HTMLInputElement).value });
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <section class="audit">
      <h1>Журнал доступа к персональным данным</h1>
      <div class="filters">
        <label>
          С
          <input type="date" name="from" value={filters.from} onInput={set('from')} />
        </label>
        <label>
          По
          <input type="date" name="to" value={filters.to} onInput={set('to')} />
        </label>
        <label>
          Пользователь
          <input name="login" placeholder="логин" value={filters.login} onInput={set('login')} />
        </label>
        {data && <span class="total muted">Записей: {data.total}</span>}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && data.entries.length === 0 && <p class="muted">За период обращений к персональным данным нет.</p>}
      {data && data.entries.length > 0 && (
        <table class="grid audit-log">
          <thead>
            <tr>
              <th>Время</th>
              <th>Пользователь</th>
              <th>Роль</th>
              <th>Действие</th>
              <th>Запрос</th>
              <th>Случаи</th>
              <th>Пациенты</th>
              <th>Основание</th>
              <th>IP</th>
            </tr>
          </thead>
          <tbody>
            {data.entries.map((e) => (
              <tr data-entry={e.id}>
                <td>{new Date(e.at).toLocaleString('ru-RU')}</td>
                <td class="audit-login">{e.login}</td>
                <td>{ROLE_NAMES[e.role] ?? e.role}</td>
                <td>{AUDIT_ACTION[e.action] ?? e.action}</td>
                <td class="endpoint">{e.endpoint}</td>
                <td class="cases">
                  {e.case_ids.map((id, i) => (
                    <>
                      {i > 0 && ', '}
                      <a href={`#/cases/${id}`}>{id}</a>
                    </>
                  ))}
                </td>
                <td class="persons">{showPersons ? e.persons.join(', ') : e.persons.length}</td>
                <td>{e.reason ?? '—'}</td>
                <td>{e.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && pages > 1 && <Pager page={page} pages={pages} setPage={setPage} />}
    </section>
  );
}
