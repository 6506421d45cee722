import { useEffect, useState } from 'preact/hooks';
import { api, type User } from '../api/client.js';
import type { ModelRow } from '../api/models.js';
import { MODEL_STATUS, num, ruDateTime } from '../labels.js';
import { ModelCard } from './models/model-card.js';
import { DriftPanel } from './models/drift.js';

export function ModelsPage({ user }: { user: User }) {
  const [models, setModels] = useState<ModelRow[] | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const canPromote = user.role === 'admin' || user.role === 'data_scientist';
  useEffect(() => {
    api<{ models: ModelRow[] }>('GET', '/api/models')
      .then((r) => setModels(r.models))
      .catch((e: Error) => setError(e.message));
  }, [tick]);
  const promote = async (version: string) => {
    setError('');
    setDone('');
    try {
      await api('POST', `/api/models/${encodeURIComponent(version)}/promote`);
      setDone(`Версия ${version} стала действующей`);
      setTick(tick + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setConfirming(null);
    }
  };
  return (
    <section class="models-page">
      <h1>Модели риска</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {done && <p class="ok">{done}</p>}
      {models && models.length === 0 && <p class="muted">Зарегистрированных версий нет (omsx model train / register).</p>}
      {models && models.length > 0 && (
        <table class="grid models">
          <thead>
            <tr>
              <th>Версия</th>
              <th>Статус</th>
              <th>Вид</th>
              <th>Обучена на</th>
              <th>Порог</th>
              <th>Создана</th>
              <th>Введена</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr data-version={m.version} class={open === m.version ? 'open' : ''}>
                <td>
                  <button class="link open-card" onClick={() => setOpen(open === m.version ? null : m.version)}>
                    {m.version}
                  </button>
                </td>
                <td class={`status ${m.status}`}>{MODEL_STATUS[m.status] ?? m.status}</td>
                <td>{m.kind}</td>
                <td>
                  {m.train_from} – {m.train_to}
                </td>
                <td class="n">{num(m.threshold)}</td>
                <td>{ruDateTime(m.created_at).slice(0, 10)}</td>
                <td>{m.promoted_at ? ruDateTime(m.promoted_at).slice(0, 10) : '—'}</td>
                <td>
                  {canPromote && m.status === 'shadow' && confirming !== m.version && (
                    <button onClick={() => setConfirming(m.version)}>Сделать действующей…</button>
                  )}
                  {confirming === m.version && (
                    <span class="confirm">
                      Отбор следующего периода пойдёт по этой версии, текущая станет теневой.{' '}
                      <button onClick={() => promote(m.version)}>Подтвердить</button>{' '}
                      <button class="link" onClick={() => setConfirming(null)}>
                        Отмена
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {models && models.length > 0 && !open && <p class="muted">Нажмите на версию, чтобы открыть её карточку и дрейф признаков.</p>}
      {open && (
        <div key={`${open}-${tick}`}>
          <ModelCard version={open} />
          <DriftPanel version={open} />
        </div>
      )}
    </section>
  );
}
