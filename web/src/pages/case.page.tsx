import { useEffect, useState } from 'preact/hooks';
import { api, type User } from '../api.js';
import { ARM_NAMES, CONTROL_NAMES, USL_OK, num, rub } from '../labels.js';
import { recallLine } from '../lines.js';

interface Finding {
  control: string;
  rule: string;
  severity: string;
  element: string | null;
  sl_id: string | null;
  idserv: string | null;
  message: string;
}
interface Version {
  version: number;
  changed_at: string;
  changed_by: string;
  data: Record<string, unknown>;
}
interface Conclusion {
  id: string;
  control: string;
  s_tip: number;
  defect: boolean;
  f014: number[];
  amount_kop: number | null;
  fine_kop: number | null;
  experts: string[];
  date_act: string | null;
  num_act: string | null;
  comment: string | null;
  arm: string | null;
  version: number;
  history: Version[];
}
interface CaseDetail {
  case: Record<string, unknown>;
  subCases: Array<{ id: string; sl_id: string; sl: Record<string, unknown> | null }>;
  findings: Finding[];
  conclusions: Conclusion[];
}

// The register's fields shown on the card; the patient (PACIENT) is personal data and is never shown here.
const FIELDS: Array<[string, string]> = [
  ['file_name', 'Файл реестра'],
  ['n_zap', 'N_ZAP'],
  ['idcase', 'IDCASE'],
  ['code_mo', 'МО'],
  ['smo', 'СМО'],
  ['usl_ok', 'Условия оказания'],
  ['date_z_1', 'Начало'],
  ['date_z_2', 'Окончание'],
  ['ds1', 'Основной диагноз'],
  ['profil', 'Профиль'],
  ['n_ksg', 'КСГ'],
  ['rslt', 'Результат'],
  ['ishod', 'Исход'],
  ['sumv', 'Выставлено, ₽'],
  ['sump', 'Принято, ₽'],
  ['sank_it', 'Санкции, ₽'],
  ['status', 'Статус'],
];

const kop = (x: number | null) => (x === null ? '—' : rub(x / 100));

export function CasePage({ id, item, user }: { id: string; item: string | null; user: User }) {
  const line = recallLine(item);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    setError('');
    api<CaseDetail>('GET', `/api/cases/${id}`)
      .then(setDetail)
      .catch((e: Error) => setError(e.message));
  }, [id, tick]);
  const canConclude = ['admin', 'smo_coordinator', 'expert'].includes(user.role);
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!detail) return <p class="muted">Загрузка…</p>;
  const c = detail.case;
  return (
    <section class="case">
      <p>
        <a href="#/worklist">← к списку</a>
      </p>
      <h1>
        Случай {String(c.idcase)} · МО {String(c.code_mo)} · {String(c.year)}-{String(c.month).padStart(2, '0')}
      </h1>
      <div class="columns">
        <div>
          <h2>Данные реестра</h2>
          <dl class="fields">
            {FIELDS.map(([k, label]) => (
              <>
                <dt>{label}</dt>
                <dd>{k === 'usl_ok' ? (USL_OK[String(c[k])] ?? String(c[k] ?? '—')) : String(c[k] ?? '—')}</dd>
              </>
            ))}
          </dl>
          <p class="muted">Персональные данные пациента на карточке не показываются.</p>
          <h2>Законченные случаи (SL): {detail.subCases.length}</h2>
          <h2>Замечания ФЛК/МЭК</h2>
          {detail.findings.length === 0 ? (
            <p class="muted">Замечаний нет.</p>
          ) : (
            <table class="grid findings">
              <thead>
                <tr>
                  <th>Контроль</th>
                  <th>Правило</th>
                  <th>Элемент</th>
                  <th>Сообщение</th>
                </tr>
              </thead>
              <tbody>
                {detail.findings.map((f) => (
                  <tr>
                    <td>{f.control}</td>
                    <td>{f.rule}</td>
                    <td>{f.element ?? '—'}</td>
                    <td>{f.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Оценка риска</h2>
          {line ? (
            <div class="score">
              <p>
                Отбор: {ARM_NAMES[line.arm] ?? line.arm} ({CONTROL_NAMES[line.control] ?? line.control}), балл {num(line.score)},
                вероятность дефекта {num(line.p_defect)}, ожидаемая сумма {rub(line.expected_amount)}
              </p>
              {line.reasons.length > 0 ? (
                <ul class="reasons">
                  {line.reasons.map((r) => (
                    <li>{r.text}</li>
                  ))}
                </ul>
              ) : (
                <p class="muted">Причин балла нет.</p>
              )}
            </div>
          ) : (
            <p class="muted">Откройте случай из списка экспертизы, чтобы увидеть балл и его причины.</p>
          )}
        </div>
        <div>
          <h2>Заключения экспертов</h2>
          {detail.conclusions.length === 0 ? (
            <p class="muted">Заключений пока нет.</p>
          ) : (
            <ul class="conclusions">
              {detail.conclusions.map((x) => (
                <li data-conclusion={x.id}>
                  <strong>
                    {CONTROL_NAMES[x.control] ?? x.control} ({x.s_tip}): {x.defect ? `дефект ${x.f014.join(', ')}` : 'без дефектов'}
                  </strong>
                  <div>
                    Акт № {x.num_act ?? '—'} от {x.date_act ?? '—'}; неоплата {kop(x.amount_kop)}, штраф {kop(x.fine_kop)}
                    {x.experts.length ? `; эксперт ${x.experts.join(', ')}` : ''}
                  </div>
                  {x.comment && <div class="muted">{x.comment}</div>}
                  <details>
                    <summary>История: версий {x.history.length}</summary>
                    <ol>
                      {x.history.map((h) => (
                        <li>
                          версия {h.version}, {h.changed_at.slice(0, 19)}, {h.changed_by}
                        </li>
                      ))}
                    </ol>
                  </details>
                </li>
              ))}
            </ul>
          )}
          {canConclude && (
            <ConclusionForm caseId={id} control={line?.control ?? 'MEE'} expert={line?.expert ?? null} onSaved={() => setTick(tick + 1)} />
          )}
        </div>
      </div>
    </section>
  );
}

const S_TIP: Record<string, number> = { MEE: 50, EKMP: 70 };

function ConclusionForm(props: { caseId: string; control: string; expert: string | null; onSaved: () => void }) {
  const [control, setControl] = useState(props.control);
  const [sTip, setSTip] = useState(String(S_TIP[props.control] ?? 50));
  const [codes, setCodes] = useState('');
  const [numAct, setNumAct] = useState('');
  const [dateAct, setDateAct] = useState(new Date().toISOString().slice(0, 10));
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    setSaved('');
    const parts = codes.split(/[\s,;]+/).filter(Boolean);
    const bad = parts.filter((p) => !/^\d+$/.test(p));
    if (bad.length) {
      setError(`Коды F014 должны быть числами, неверно: ${bad.join(', ')}`);
      return;
    }
    const f014 = parts.map(Number);
    setBusy(true);
    try {
      await api('POST', '/api/conclusions', {
        case_id: props.caseId,
        control,
        s_tip: Number(sTip),
        result: f014.length ? 'defect' : 'no_defect',
        f014,
        num_act: numAct.trim() || undefined,
        date_act: dateAct || undefined,
        comment: comment.trim() || undefined,
        experts: props.expert ? [props.expert] : undefined,
      });
      setSaved('Заключение сохранено');
      setCodes('');
      setComment('');
      props.onSaved();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card conclusion-form" onSubmit={submit}>
      <h2>Новое заключение</h2>
      <label>
        Вид контроля
        <select
          name="control"
          value={control}
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
      <label>
        Коды дефектов F014 (через запятую; пусто — дефектов нет)
        <input name="f014" value={codes} onInput={(e) => setCodes(e.currentTarget.value)} placeholder="например, 31" />
      </label>
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
      <button type="submit" disabled={busy}>
        {busy ? 'Сохранение…' : 'Сохранить заключение'}
      </button>
    </form>
  );
}
