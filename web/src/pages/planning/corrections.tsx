// A plan version's corrections: the history from the first version (who, when, why, what changed) and the form that
// applies a new correction (POST /api/plans/:id/corrections; the author is the signed-in user).
import { useState } from 'preact/hooks';
import { api } from '../../api/client.js';
import { USL_OK } from '../../labels.js';
import { cellLabel, dateTime, parseRub, rubKop, vol } from './format.js';
import type { HistoryEntry, PlanCell, PlanDetail } from './types.js';

export function CorrectionHistory({ history }: { history: HistoryEntry[] }) {
  return (
    <ol class="planning-history">
      {history.map((h, i) => (
        <li data-version={h.id}>
          <div>
            <strong>{i === 0 ? 'Исходный план' : `Корректировка ${i}`}</strong> · версия {h.id} · {dateTime(h.createdAt)} ·{' '}
            <span class="author">{h.author}</span>
          </div>
          <div class="reason">Основание: {h.reason}</div>
          <div class="muted">
            Итого по версии: {vol(h.totalVolume)} ед., {rubKop(h.totalKop)}
          </div>
          {h.changes.length > 0 && (
            <table class="grid changes">
              <thead>
                <tr>
                  <th>Ячейка плана</th>
                  <th>Объём было</th>
                  <th>Объём стало</th>
                  <th>Сумма было</th>
                  <th>Сумма стало</th>
                </tr>
              </thead>
              <tbody>
                {h.changes.map((c) => (
                  <tr>
                    <td>{cellLabel(c, USL_OK)}</td>
                    <td class="n">{c.before ? vol(c.before.volume) : 'новая'}</td>
                    <td class="n">{vol(c.after.volume)}</td>
                    <td class="n">{c.before ? rubKop(c.before.amountKop) : '—'}</td>
                    <td class="n">{rubKop(c.after.amountKop)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ol>
  );
}

interface Row {
  /** Index of the plan line, or 'new'. */
  cell: string;
  mo: string;
  uslOk: string;
  profile: string;
  ksg: string;
  volume: string;
  amount: string;
}

/** The server's refusal of a correction that changes the plan's totals, said in Russian with the figures. */
function russian(msg: string): string {
  const m = /changes the totals \(volume (\d+) → (\d+), kopecks (\d+) → (\d+)\)/.exec(msg);
  if (!m) return msg;
  return (
    `Корректировка меняет итоги плана: объём ${vol(Number(m[1]))} → ${vol(Number(m[2]))}, сумма ${rubKop(Number(m[3]))} → ` +
    `${rubKop(Number(m[4]))}. Перераспределите объёмы и суммы между ячейками или отметьте «корректировка меняет итоги плана».`
  );
}

const emptyRow = (): Row => ({ cell: '', mo: '', uslOk: '1', profile: '', ksg: '', volume: '', amount: '' });

export function CorrectionForm({ plan, onDone }: { plan: PlanDetail; onDone: (newId: string) => void }) {
  const [rows, setRows] = useState<Row[]>([emptyRow()]);
  const [reason, setReason] = useState('');
  const [allowTotal, setAllowTotal] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const pick = (i: number, cell: string) => {
    const l = plan.lines[Number(cell)];
    set(
      i,
      l && cell !== 'new' && cell !== ''
        ? { cell, volume: String(l.volume), amount: (l.amountKop / 100).toFixed(2).replace('.', ',') }
        : { cell },
    );
  };
  const build = (): PlanCell[] =>
    rows.map((r, i) => {
      const n = i + 1;
      if (r.cell === '') throw new Error(`Изменение ${n}: выберите ячейку плана`);
      const base = r.cell === 'new' ? null : plan.lines[Number(r.cell)];
      if (!base && !r.mo.trim()) throw new Error(`Изменение ${n}: укажите код МО новой ячейки`);
      if (!/^\d+$/.test(r.volume.trim())) throw new Error(`Изменение ${n}: объём — целое неотрицательное число`);
      const kop = parseRub(r.amount);
      if (kop === null) throw new Error(`Изменение ${n}: сумма в рублях, например 12 345,67`);
      const key: Omit<PlanCell, 'volume' | 'amountKop'> = base
        ? { mo: base.mo, uslOk: base.uslOk, profile: base.profile, ksg: base.ksg }
        : { mo: r.mo.trim(), uslOk: Number(r.uslOk), profile: r.profile ? Number(r.profile) : undefined, ksg: r.ksg.trim() || undefined };
      return { ...key, volume: Number(r.volume.trim()), amountKop: kop };
    });
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const changes = build();
      if (!reason.trim()) throw new Error('Укажите основание корректировки (протокол комиссии и т. п.)');
      setBusy(true);
      const v = await api<{ id: string }>('POST', `/api/plans/${plan.id}/corrections`, {
        reason: reason.trim(),
        changes,
        allowTotalChange: allowTotal,
      });
      setRows([emptyRow()]);
      setReason('');
      setAllowTotal(false);
      onDone(v.id);
    } catch (err) {
      setError(russian(err instanceof Error ? err.message : String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="planning-correction card" onSubmit={submit}>
      <h3>Новая корректировка версии {plan.id}</h3>
      <p class="muted">
        Корректировка создаёт новую версию плана. Итоги плана сохраняются: перераспределите объёмы между ячейками или отметьте, что
        корректировка меняет итоги. Автор — вы.
      </p>
      {rows.map((r, i) => (
        <div class="change-row">
          <label>
            Ячейка плана
            <select name={`cell-${i}`} value={r.cell} onChange={(e) => pick(i, e.currentTarget.value)}>
              <option value="">— выберите —</option>
              {plan.lines.map((l, j) => (
                <option value={String(j)}>{cellLabel(l, USL_OK)}</option>
              ))}
              <option value="new">новая ячейка…</option>
            </select>
          </label>
          {r.cell === 'new' && (
            <>
              <label>
                МО
                <input name={`mo-${i}`} value={r.mo} size={8} onInput={(e) => set(i, { mo: e.currentTarget.value })} />
              </label>
              <label>
                Условия
                <select name={`usl-${i}`} value={r.uslOk} onChange={(e) => set(i, { uslOk: e.currentTarget.value })}>
                  {Object.entries(USL_OK).map(([k, v]) => (
                    <option value={k}>{v}</option>
                  ))}
                </select>
              </label>
              <label>
                Профиль
                <input name={`profile-${i}`} value={r.profile} size={4} onInput={(e) => set(i, { profile: e.currentTarget.value })} />
              </label>
              <label>
                КСГ
                <input name={`ksg-${i}`} value={r.ksg} size={9} onInput={(e) => set(i, { ksg: e.currentTarget.value })} />
              </label>
            </>
          )}
          <label>
            Новый объём
            <input name={`volume-${i}`} value={r.volume} size={7} onInput={(e) => set(i, { volume: e.currentTarget.value })} />
          </label>
          <label>
            Новая сумма, ₽
            <input name={`amount-${i}`} value={r.amount} size={14} onInput={(e) => set(i, { amount: e.currentTarget.value })} />
          </label>
          {rows.length > 1 && (
            <button type="button" class="link" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              убрать
            </button>
          )}
        </div>
      ))}
      <div>
        <button type="button" class="link add-change" onClick={() => setRows([...rows, emptyRow()])}>
          + ещё ячейка
        </button>
      </div>
      <label>
        Основание
        <input
          name="reason"
          value={reason}
          placeholder="протокол комиссии по разработке ТП ОМС № …"
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </label>
      <label class="inline">
        <input type="checkbox" name="allowTotalChange" checked={allowTotal} onChange={(e) => setAllowTotal(e.currentTarget.checked)} />{' '}
        корректировка меняет итоги плана
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div>
        <button type="submit" disabled={busy}>
          Применить корректировку
        </button>
      </div>
    </form>
  );
}
