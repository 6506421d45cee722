// The F014 picker of the conclusion form: a search box (code, 231н item or words of the text) with the matching codes
// of the table below it, and the picked codes as chips with their item and K_NO / K_SH.
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../api/client.js';
import type { F014Entry, SanctionPreview } from '../api/cases.js';
import { F014_SECTION } from '../labels.js';
import { ruError } from './case-errors.js';

export interface PickerProps {
  /** The picked codes, in the order they were picked. */
  codes: number[];
  onChange: (codes: number[]) => void;
  /** The search box's text (the form reads what is left in it when saving). */
  text: string;
  onText: (text: string) => void;
  /** Codes valid on this date are offered (the act's date). */
  on: string;
  /** The sanction preview, for the coefficients of each chip. */
  preview: SanctionPreview | null;
}

const coef = (x: number | null | undefined) => (x === null || x === undefined ? '—' : String(x));

export function F014Picker(p: PickerProps) {
  const [options, setOptions] = useState<F014Entry[]>([]);
  const [known, setKnown] = useState<Map<number, F014Entry>>(new Map());
  const [error, setError] = useState('');
  const q = p.text.trim();
  useEffect(() => {
    if (!q) {
      setOptions([]);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      api<{ items: F014Entry[] }>('GET', `/api/nsi/f014${qs({ q, on: p.on || undefined, limit: 20 })}`)
        .then((r) => live && (setOptions(r.items), setError('')))
        .catch((e: unknown) => live && setError(ruError(e)));
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q, p.on]);
  // the text of codes picked before this form opened (a correction)
  useEffect(() => {
    const missing = p.codes.filter((c) => !known.has(c));
    if (!missing.length) return;
    void Promise.all(missing.map((c) => api<{ items: F014Entry[] }>('GET', `/api/nsi/f014${qs({ q: c, limit: 50 })}`))).then((rs) => {
      const m = new Map(known);
      for (const r of rs) for (const e of r.items) if (missing.includes(e.code) && !m.has(e.code)) m.set(e.code, e);
      setKnown(m);
    });
  }, [p.codes.join(',')]);
  const pick = (e: F014Entry) => {
    setKnown(new Map(known).set(e.code, e));
    if (!p.codes.includes(e.code)) p.onChange([...p.codes, e.code]);
    p.onText('');
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    const exact = options.find((o) => String(o.code) === q) ?? (options.length === 1 ? options[0] : undefined);
    if (exact) pick(exact);
  };
  const priced = new Map((p.preview?.codes ?? []).map((c) => [c.code, c]));
  return (
    <div class="f014-picker">
      <label>
        Коды дефектов F014 (поиск по коду, пункту 231н или словам; пусто — дефектов нет)
        <input
          name="f014"
          value={p.text}
          autocomplete="off"
          onInput={(e) => p.onText(e.currentTarget.value)}
          onKeyDown={onKey}
          placeholder="например, 246 или «непрофильная»"
        />
      </label>
      {error && <p class="error">{error}</p>}
      {q && (
        <ul class="f014-options">
          {options.length === 0 && <li class="muted">Кодов не найдено</li>}
          {options.map((o) => (
            <li>
              <button type="button" class="link" data-code={o.code} onClick={() => pick(o)} disabled={p.codes.includes(o.code)}>
                <strong>{o.code}</strong> · п. {o.osn ?? '—'} {o.section ? `(${F014_SECTION[o.section]})` : ''} · {o.short ?? o.text}
                <span class="muted">
                  {' '}
                  K_NO {coef(o.k_no)}, K_SH {coef(o.k_sh)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ul class="f014-chips">
        {p.codes.map((c) => {
          const e = known.get(c);
          const k = priced.get(c);
          return (
            <li class="chip" data-code={c} title={e?.text}>
              <strong>{c}</strong> п. {k?.osn ?? e?.osn ?? '—'} · K_NO {coef(k?.k_no ?? e?.k_no)} · K_SH {coef(k?.k_sh ?? e?.k_sh)}
              {e?.short ? <span class="muted"> · {e.short}</span> : null}
              <button
                type="button"
                class="link remove"
                aria-label={`Убрать код ${c}`}
                onClick={() => p.onChange(p.codes.filter((x) => x !== c))}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
