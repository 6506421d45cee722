// The FLK protocol of one file of a package, as a table in the page, and its FLK_P XML to download.
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../api/client.js';
import type { Protocol, ProtocolEntry } from '../api/registers.js';
import { CONTROL_KIND } from '../labels.js';

const SHOWN = 500;

export function ProtocolView({ packageId, file }: { packageId: string; file: string }) {
  const [entries, setEntries] = useState<ProtocolEntry[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let stale = false;
    setEntries(null);
    setError('');
    api<Protocol>('GET', `/api/registers/${packageId}/protocol${qs({ file, format: 'json' })}`)
      .then((r) => !stale && setEntries(r.findings))
      .catch((e: Error) => !stale && setError(e.message));
    return () => {
      stale = true;
    };
  }, [packageId, file]);
  return (
    <div class="protocol" data-file={file}>
      <div class="protocol-head">
        <strong>{file || 'пакет целиком'}</strong>
        <a class="download" href={`/api/registers/${packageId}/protocol${qs({ file })}`} download>
          Скачать протокол FLK_P (XML)
        </a>
      </div>
      {error && <p class="error">{error}</p>}
      {entries && entries.length === 0 && <p class="muted">Ошибок ФЛК в файле нет.</p>}
      {entries && entries.length > 0 && (
        <>
          <table class="grid protocol-table">
            <thead>
              <tr>
                <th>Контроль</th>
                <th>Правило (OSHIB)</th>
                <th>Элемент</th>
                <th>N_ZAP</th>
                <th>IDCASE</th>
                <th>Комментарий</th>
              </tr>
            </thead>
            <tbody>
              {entries.slice(0, SHOWN).map((e) => (
                <tr>
                  <td>{e.control ? (CONTROL_KIND[e.control] ?? e.control) : '—'}</td>
                  <td>{e.rule || '—'}</td>
                  <td>{e.element ?? '—'}</td>
                  <td>{e.n_zap ?? '—'}</td>
                  <td>{e.idcase ?? '—'}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length > SHOWN && (
            <p class="muted">
              Показаны первые {SHOWN} записей из {entries.length}; весь протокол — в файле XML.
            </p>
          )}
        </>
      )}
    </div>
  );
}
