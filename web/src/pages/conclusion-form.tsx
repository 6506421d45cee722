// The conclusion form of the case card: control type, F014 codes from the picker with the sanction computed live by
// the server (GET /api/cases/:id/sanction, the same code that stores it), act number and date, comment. A new
// conclusion is POSTed; a correction of a stored one is PUT and becomes its next version.
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../api/client.js';
import type { CaseDetail, SanctionPreview } from '../api/cases.js';
import { rub } from '../labels.js';
import { ruError } from './case-errors.js';
import { F014Picker } from './f014-picker.js';

/** A stored conclusion as the card has it. */
export type CardConclusion = CaseDetail['conclusions'][number];

const S_TIP: Record<string, number> = { MEE: 50, EKMP: 70 };
const kop = (x: number) => rub(x / 100);

export function ConclusionForm(props: {
  caseId: string;
  control: string;
  expert: string | null;
  /** The conclusion being corrected; absent for a new one. */
  editing?: CardConclusion;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const ed = props.editing;
  const [control, setControl] = useState(ed?.control ?? props.control);
  const [sTip, setSTip] = useState(String(ed?.s_tip ?? S_TIP[props.control] ?? 50));
  const [codes, setCodes] = useState<number[]>(ed?.f014 ?? []);
  const [text, setText] = useState('');
  const [numAct, setNumAct] = useState(ed?.num_act ?? '');
  const [dateAct, setDateAct] = useState(ed?.date_act ?? new Date().toISOString().slice(0, 10));
  const [comment, setComment] = useState(ed?.comment ?? '');
  const [preview, setPreview] = useState<SanctionPreview | null>(null);
  const [previewError, setPreviewError] = useState('');
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  // a refusal is about what was entered: it goes when the entry changes
  useEffect(() => setError(''), [codes.join(','), text]);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      const q = qs({ f014: codes.join(','), s_tip: /^\d+$/.test(sTip) ? sTip : undefined, date_act: dateAct || undefined });
      api<SanctionPreview>('GET', `/api/cases/${props.caseId}/sanction${q}`)
        .then((r) => live && (setPreview(r), setPreviewError('')))
        .catch((e: unknown) => live && (setPreview(null), setPreviewError(ruError(e))));
    }, 100);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [props.caseId, codes.join(','), sTip, dateAct]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    setSaved('');
    // numbers left in the search box count as codes typed by hand; anything else was not picked
    const parts = text.split(/[\s,;]+/).filter(Boolean);
    const bad = parts.filter((p) => !/^\d+$/.test(p));
    if (bad.length) {
      setError(`Коды F014 должны быть числами, неверно: ${bad.join(', ')} — выберите код из списка`);
      return;
    }
    const f014 = [...new Set([...codes, ...parts.map(Number)])];
    const body = {
      s_tip: Number(sTip),
      result: f014.length ? 'defect' : 'no_defect',
      f014,
      num_act: numAct.trim() || undefined,
      date_act: dateAct || undefined,
      comment: comment.trim() || undefined,
    };
    setBusy(true);
    try {
      if (ed) await api('PUT', `/api/conclusions/${ed.id}`, body);
      else
        await api('POST', '/api/conclusions', {
          case_id: props.caseId,
          control,
          ...body,
          experts: props.expert ? [props.expert] : undefined,
        });
      setSaved(ed ? 'Исправление сохранено' : 'Заключение сохранено');
      if (!ed) {
        setCodes([]);
        setText('');
        setComment('');
      }
      props.onSaved();
    } catch (err) {
      setError(ruError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class={`card conclusion-form${ed ? ' correction' : ''}`} onSubmit={submit}>
      <h2>{ed ? `Исправление заключения (сейчас версия ${ed.version})` : 'Новое заключение'}</h2>
      <label>
        Вид контроля
        <select
          name="control"
          value={control}
          disabled={!!ed}
          onChange={(e) => {
            setControl(e.currentTarget.value);
            setSTip(String(S_TIP[e.currentTarget.value]));
          }}
        >
          <option value="MEE">МЭЭ</option>
          <option value="EKMP">ЭКМП</option>
        </select>
      </label>
      <label>
        Тип экспертизы (F006, S_TIP)
        <input name="s_tip" type="number" value={sTip} onInput={(e) => setSTip(e.currentTarget.value)} />
      </label>
      <F014Picker codes={codes} onChange={setCodes} text={text} onText={setText} on={dateAct} preview={preview} />
      <div class="sanction" aria-live="polite">
        {previewError ? (
          <p class="error">Санкция не рассчитана: {previewError}</p>
        ) : preview ? (
          <p>
            Неоплата: <strong class="amount">{kop(preview.amount_kop)}</strong>{' '}
            <span class="muted">
              (сумма случая {kop(preview.case_sum_kop)} × K_NO {Math.max(0, ...preview.codes.map((c) => c.k_no ?? 0))})
            </span>
            ; штраф: <strong class="fine">{preview.fine_pending ? 'не рассчитан' : kop(preview.fine_kop)}</strong>{' '}
            <span class="muted">
              {preview.fine_pending
                ? `(не задан подушевой норматив ${preview.year} года — сохранение будет отклонено)`
                : preview.norm_kop !== null
                  ? `(норматив ${kop(preview.norm_kop)} × K_SH ${Math.max(0, ...preview.codes.map((c) => c.k_sh ?? 0))})`
                  : ''}
            </span>
          </p>
        ) : (
          <p class="muted">Расчёт санкции…</p>
        )}
      </div>
      <label>
        Номер акта
        <input name="num_act" value={numAct} onInput={(e) => setNumAct(e.currentTarget.value)} />
      </label>
      <label>
        Дата акта
        <input name="date_act" type="date" value={dateAct} onInput={(e) => setDateAct(e.currentTarget.value)} />
      </label>
      <label>
        Комментарий
        <textarea name="comment" rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {saved && <p class="ok">{saved}</p>}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Сохранение…' : ed ? 'Сохранить исправление' : 'Сохранить заключение'}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Отмена
          </button>
        )}
      </div>
    </form>
  );
}
