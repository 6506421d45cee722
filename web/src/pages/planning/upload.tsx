// A new plan from a CSV file chosen on the page: read in the browser, checked line by line, sent as POST /api/plans.
import { useState } from 'preact/hooks';
import { api } from '../../api/client.js';
import { parsePlanCsv } from './plan-csv.js';
import { rubKop, vol } from './format.js';
import type { PlanCell } from './types.js';

export function PlanUpload({ onDone }: { onDone: (id: string) => void }) {
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [reason, setReason] = useState('');
  const [lines, setLines] = useState<PlanCell[] | null>(null);
  const [file, setFile] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const read = async (f: File | undefined) => {
    setError('');
    setLines(null);
    if (!f) return;
    setFile(f.name);
    try {
      setLines(parsePlanCsv(await f.text()));
    } catch (e) {
      setError(`${f.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (!lines) return setError('Выберите файл плана (CSV)');
    if (!/^\d{4}$/.test(year)) return setError('Год плана — четыре цифры');
    if (!reason.trim()) return setError('Укажите основание (например, решение комиссии)');
    setBusy(true);
    try {
      const v = await api<{ id: string }>('POST', '/api/plans', { year: Number(year), reason: reason.trim(), lines });
      setLines(null);
      setReason('');
      onDone(v.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="planning-upload card" onSubmit={submit}>
      <p class="muted">
        CSV с заголовком <code>mo,uslOk,volume,amountKop</code> (суммы в копейках), по желанию столбцы <code>profile</code> и{' '}
        <code>ksg</code> — плановые задания по профилю и КСГ; тот же формат читает <code>omsx plan store</code>.
      </p>
      <div class="filters">
        <label>
          Файл плана
          <input type="file" name="plan-file" accept=".csv,text/csv" onChange={(e) => read(e.currentTarget.files?.[0])} />
        </label>
        <label>
          Год
          <input name="plan-year" value={year} size={5} onInput={(e) => setYear(e.currentTarget.value)} />
        </label>
        <label>
          Основание
          <input name="plan-reason" value={reason} size={40} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy || !lines}>
          Сохранить план
        </button>
      </div>
      {lines && (
        <p class="ok">
          {file}: {lines.length} строк, {vol(lines.reduce((s, l) => s + l.volume, 0))} ед.,{' '}
          {rubKop(lines.reduce((s, l) => s + l.amountKop, 0))}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
