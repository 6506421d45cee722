// A register package: its status and counts, its files, its findings by rule, and each file's FLK protocol.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { PackageDetail } from '../api/registers.js';
import { FILE_STATUS, PACKAGE_STATUS } from '../labels.js';
import { RuleTable } from '../registers/rules.js';
import { ProtocolView } from '../registers/protocol-view.js';

const FINAL = ['done', 'rejected', 'failed'];

export function RegisterPackagePage({ id }: { id: string }) {
  const [pkg, setPkg] = useState<PackageDetail | null>(null);
  const [error, setError] = useState('');
  const [file, setFile] = useState<string | null>(null);
  useEffect(() => {
    let timer: number | undefined;
    let stale = false;
    const load = () =>
      api<PackageDetail>('GET', `/api/registers/${id}`)
        .then((p) => {
          if (stale) return;
          setPkg(p);
          if (!FINAL.includes(p.status)) timer = window.setTimeout(load, 1000);
        })
        .catch((e: Error) => !stale && setError(e.message));
    void load();
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [id]);
  const shown = file ?? pkg?.files[0]?.file ?? null;
  return (
    <section class="register-package">
      <p>
        <a href="#/registers">← Реестры</a>
      </p>
      <h1>Пакет №{id}</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {pkg && (
        <>
          <dl class="fields">
            <dt>Файл пакета</dt>
            <dd class="source">{pkg.source}</dd>
            <dt>Статус</dt>
            <dd class={`pkg-status ${pkg.status}`}>
              {PACKAGE_STATUS[pkg.status] ?? pkg.status}
              {!FINAL.includes(pkg.status) && ` (${Math.round(pkg.progress * 100)} %)`}
            </dd>
            <dt>Загружен</dt>
            <dd>{new Date(pkg.createdAt).toLocaleString('ru-RU')}</dd>
            <dt>Случаев / принято / отклонено</dt>
            <dd class="counts">
              {pkg.counts.cases} / {pkg.counts.accepted} / {pkg.counts.rejected}
            </dd>
            <dt>Замечаний ФЛК и МЭК</dt>
            <dd>{pkg.counts.findings}</dd>
          </dl>
          {pkg.error && <p class="error">{pkg.error}</p>}
          {pkg.warnings.length > 0 && (
            <ul class="warnings">
              {pkg.warnings.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          )}
          <h2>Файлы</h2>
          <table class="grid package-files">
            <thead>
              <tr>
                <th>Файл</th>
                <th>Вид</th>
                <th>Статус</th>
                <th>Случаев</th>
                <th>Принято</th>
                <th>Отклонено</th>
                <th>Замечаний</th>
                <th>Протокол</th>
              </tr>
            </thead>
            <tbody>
              {pkg.files.map((f) => (
                <tr data-file={f.file} class={f.file === shown ? 'chosen' : ''}>
                  <td>{f.file}</td>
                  <td>{f.kind ?? '—'}</td>
                  <td>
                    {f.status ? (FILE_STATUS[f.status] ?? f.status) : '—'}
                    {f.error && <div class="error small">{f.error}</div>}
                  </td>
                  <td class="n">{f.cases}</td>
                  <td class="n">{f.accepted}</td>
                  <td class="n">{f.rejected}</td>
                  <td class="n">{f.findings}</td>
                  <td>
                    <button class="link" onClick={() => setFile(f.file)}>
                      Показать
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Замечания по правилам</h2>
          <RuleTable rules={pkg.rules} />
          <h2>Протокол ФЛК</h2>
          {shown ? (
            <ProtocolView packageId={pkg.id} file={shown} />
          ) : FINAL.includes(pkg.status) ? (
            <ProtocolView packageId={pkg.id} file="" />
          ) : (
            <p class="muted">Протокол появится, когда файлы пакета будут прочитаны.</p>
          )}
        </>
      )}
    </section>
  );
}
