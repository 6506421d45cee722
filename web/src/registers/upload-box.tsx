// Uploading a package: drop a ZIP on the box or pick it, watch the upload's progress, then the package's status
// (polled until it is processed, rejected or failed).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { PackageDetail } from '../api/registers.js';
import { PACKAGE_STATUS } from '../labels.js';
import { uploadPackage } from './upload.js';

const FINAL = ['done', 'rejected', 'failed'];
const POLL_MS = 700;

export function UploadBox({ onChange }: { onChange: () => void }) {
  const [over, setOver] = useState(false);
  const [name, setName] = useState('');
  const [sent, setSent] = useState<number | null>(null);
  const [pkg, setPkg] = useState<PackageDetail | null>(null);
  // the same content was uploaded before: the answer is that package, not a new one
  const [duplicate, setDuplicate] = useState(false);
  const [error, setError] = useState('');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const poll = (id: string) => {
    api<PackageDetail>('GET', `/api/registers/${id}`)
      .then((p) => {
        setPkg(p);
        if (FINAL.includes(p.status)) onChange();
        else timer.current = window.setTimeout(() => poll(id), POLL_MS);
      })
      .catch((e: Error) => setError(e.message));
  };

  const send = async (file: File | undefined) => {
    if (!file) return;
    clearTimeout(timer.current);
    setError('');
    setPkg(null);
    setDuplicate(false);
    setName(file.name);
    if (!/\.(zip|xml)$/i.test(file.name)) {
      setError(`Файл ${file.name}: нужен пакет реестров — ZIP-архив (или XML-файл)`);
      return;
    }
    setSent(0);
    try {
      const r = await uploadPackage(file, setSent);
      setDuplicate(r.duplicate);
      onChange();
      poll(r.id);
    } catch (e) {
      setSent(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div class="card upload">
      <div
        class={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void send(e.dataTransfer?.files[0]);
        }}
      >
        <span>Перетащите сюда пакет реестров (ZIP) или </span>
        <label class="pick">
          выберите файл
          <input
            type="file"
            name="package"
            accept=".zip,.xml"
            onChange={(e) => {
              const input = e.currentTarget;
              void send(input.files?.[0]).finally(() => (input.value = ''));
            }}
          />
        </label>
      </div>
      {sent !== null && (
        <div class="upload-state">
          <span class="upload-name">{name}</span>
          <progress class="upload-progress" max={1} value={sent} />
          <span class="upload-percent">{Math.round(sent * 100)} %</span>
          {pkg && (
            <span class={`pkg-status ${pkg.status}`}>
              {duplicate && 'Этот пакет уже был загружен, повторно он не обрабатывается. '}
              Пакет №{pkg.id}: {PACKAGE_STATUS[pkg.status] ?? pkg.status}
              {!FINAL.includes(pkg.status) && ` (${Math.round(pkg.progress * 100)} %)`}
              {FINAL.includes(pkg.status) && (
                <>
                  {' '}
                  — случаев {pkg.counts.cases}, принято {pkg.counts.accepted}, отклонено {pkg.counts.rejected}, замечаний{' '}
                  {pkg.counts.findings}. <a href={`#/registers/${pkg.id}`}>Открыть пакет</a>
                </>
              )}
            </span>
          )}
        </div>
      )}
      {pkg?.error && (
        <p class="error">
          {pkg.status === 'rejected' ? 'Пакет отклонён' : 'Пакет не обработан'}: {pkg.error}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
