import { useState } from 'preact/hooks';
import { qs } from '../api/client.js';
import { useGet } from '../api/use-get.js';
import type { AgreementGroup, AgreementReport } from '../api/quality.js';
import { ARM_NAMES, num, pct, rub } from '../labels.js';

const ci = (g: AgreementGroup) => (g.hit_rate_ci ? `${pct(g.hit_rate_ci[0])} – ${pct(g.hit_rate_ci[1])}` : '—');

export function AgreementPage() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [report, error] = useGet<AgreementReport>(`/api/agreement${qs({ from, to, by: 'arm' })}`);
  const rows = report ? [...report.groups.map((g) => ({ label: ARM_NAMES[String(g.key.arm)] ?? String(g.key.arm), g }))] : [];
  return (
    <section>
      <h1>Согласованность отбора и экспертизы</h1>
      <p class="muted">
        Доля подтверждённых дефектов (hit rate) по способу отбора, с 95 % доверительным интервалом Уилсона. Случайный отбор — несмещённая
        оценка доли дефектов; подъём (lift) — во сколько раз способ лучше случайного.
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          С периода
          <input name="from" type="month" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          По период
          <input name="to" type="month" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <table class="grid agreement">
          <thead>
            <tr>
              <th>Способ отбора</th>
              <th>Заключений</th>
              <th>Проверено случаев</th>
              <th>Подтверждено дефектов</th>
              <th>Доля подтверждений</th>
              <th>95 % интервал (Уилсон)</th>
              <th>Подъём к случайному</th>
              <th>Возвращено</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ label, g }) => (
              <tr data-arm={String(g.key.arm)}>
                <td>{label}</td>
                <td class="n">{g.conclusions}</td>
                <td class="n">{g.reviewed}</td>
                <td class="n">{g.confirmed}</td>
                <td class="n hit">{pct(g.hit_rate)}</td>
                <td class="n">{ci(g)}</td>
                <td class="n">{g.lift === null ? '—' : num(g.lift, 2)}</td>
                <td class="n">{rub(g.recovered)}</td>
              </tr>
            ))}
            <tr class="total">
              <td>Всего</td>
              <td class="n">{report.total.conclusions}</td>
              <td class="n">{report.total.reviewed}</td>
              <td class="n">{report.total.confirmed}</td>
              <td class="n">{pct(report.total.hit_rate)}</td>
              <td class="n">{ci(report.total)}</td>
              <td class="n">—</td>
              <td class="n">{rub(report.total.recovered)}</td>
            </tr>
          </tbody>
        </table>
      )}
      {!report && !error && <p class="muted">Загрузка…</p>}
      {report && rows.length === 0 && <p class="muted">Заключений за выбранный период нет.</p>}
    </section>
  );
}
