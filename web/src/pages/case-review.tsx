// The case card's review sections: the patient (pseudonymous; personal data on request, audited), the FLK/MEK
// findings, the risk score with its reasons, the patient's timeline, and the conclusions with their history.
import { useState } from 'preact/hooks';
import { api, qs, type User } from '../api/client.js';
import type { CaseDetail, PersonCard, Timeline } from '../api/cases.js';
import type { WorklistLine } from '../api/worklists.js';
import {
  ARM_NAMES,
  CASE_STATUS,
  CONCLUSION_FIELD_NAMES,
  CONTROL_NAMES,
  FINDING_CONTROL,
  MODEL_SCORE_STATUS,
  SEVERITY_NAMES,
  SOURCE_NAMES,
  USL_OK,
  num,
  pct,
  rub,
  ruDate,
  ruDateTime,
} from '../labels.js';
import { ruError } from './case-errors.js';
import type { CardConclusion } from './conclusion-form.js';

type Json = Record<string, unknown>;
const t = (v: unknown) => (v === undefined || v === null || v === '' ? '—' : String(v));
const kop = (x: number | null | undefined) => (x === null || x === undefined ? '—' : rub(x / 100));

export function Patient({ caseId, pacient, pseudonym, user }: { caseId: string; pacient: Json; pseudonym: string | null; user: User }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [person, setPerson] = useState<PersonCard | null>(null);
  const [error, setError] = useState('');
  const may = ['tfoms', 'smo_coordinator', 'expert'].includes(user.role);
  const show = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (!reason.trim()) return setError('Укажите причину просмотра: она записывается в журнал');
    try {
      setPerson(await api<PersonCard>('GET', `/api/cases/${caseId}/person${qs({ reason: reason.trim() })}`));
      setAsking(false);
    } catch (err) {
      setError(ruError(err));
    }
  };
  return (
    <section class="patient">
      <h2>Пациент</h2>
      <p>
        Псевдоним: <code class="pseudonym">{pseudonym ?? 'не настроен (нет ключа псевдонимизации)'}</code>; новорождённый:{' '}
        {t(pacient.NOVOR) === '0' ? 'нет' : t(pacient.NOVOR)}; СМО {t(pacient.SMO)}
        {pacient.INV ? `; инвалидность ${String(pacient.INV)}` : ''}
      </p>
      {person ? (
        <div class="person card">
          <p>
            <strong>{[person.fam, person.im, person.ot].filter(Boolean).join(' ') || '—'}</strong>, пол{' '}
            {person.w === 1 ? 'мужской' : person.w === 2 ? 'женский' : '—'}, дата рождения {ruDate(person.dr)}, СНИЛС {t(person.snils)}
          </p>
          <button type="button" onClick={() => setPerson(null)}>
            Скрыть персональные данные
          </button>
        </div>
      ) : !may ? (
        <p class="muted">Персональные данные вашей роли недоступны.</p>
      ) : asking ? (
        <form class="person-request" onSubmit={show}>
          <label>
            Причина просмотра (записывается в журнал)
            <input name="pd_reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button type="submit">Показать</button>
        </form>
      ) : (
        <button type="button" class="show-person" onClick={() => setAsking(true)}>
          Показать персональные данные
        </button>
      )}
      {error && <p class="error">{error}</p>}
    </section>
  );
}

type Finding = CaseDetail['findings'][number];

export function Findings({ findings }: { findings: Finding[] }) {
  return (
    <section>
      <h2>Замечания ФЛК/МЭК</h2>
      {findings.length === 0 ? (
        <p class="muted">Замечаний нет.</p>
      ) : (
        <table class="grid findings">
          <thead>
            <tr>
              <th>Контроль</th>
              <th>Правило</th>
              <th>Вид</th>
              <th>Элемент</th>
              <th>Сообщение</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr>
                <td>{FINDING_CONTROL[f.control] ?? f.control}</td>
                <td>{f.rule}</td>
                <td>{SEVERITY_NAMES[f.severity] ?? f.severity}</td>
                <td>{f.element ?? '—'}</td>
                <td>{f.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export type ModelScore = CaseDetail['scores'][number];

export function Score({ line, scores }: { line: WorklistLine | null; scores: ModelScore[] }) {
  return (
    <section>
      <h2>Оценка риска и причины</h2>
      <div class="score">
        {line && (
          <p>
            Отбор: {ARM_NAMES[line.arm] ?? line.arm} ({CONTROL_NAMES[line.control] ?? line.control}), балл {num(line.score)}, вероятность
            дефекта {pct(line.p_defect)}, ожидаемая сумма {rub(line.expected_amount)}
          </p>
        )}
        {scores.map((s) => (
          <div class="model-score">
            <p>
              {MODEL_SCORE_STATUS[s.status] ?? s.status} {s.model_version}: вероятность дефекта {pct(s.p_defect)}, ожидаемая сумма{' '}
              {rub(s.expected_amount)}
            </p>
            {s.reasons.length > 0 && (
              <ul class="reasons">
                {s.reasons.map((r) => (
                  <li>
                    {r.text}
                    {r.f014_group ? <span class="muted"> (группа F014 {r.f014_group})</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
        {line && !scores.length && line.reasons.length > 0 && (
          <ul class="reasons">
            {line.reasons.map((r) => (
              <li>{r.text}</li>
            ))}
          </ul>
        )}
        {!line && !scores.length && <p class="muted">Модель риска этот случай не оценивала.</p>}
      </div>
    </section>
  );
}

export function PatientTimeline({ timeline }: { timeline: Timeline | null }) {
  return (
    <section>
      <h2>Хронология пациента</h2>
      {!timeline ? (
        <p class="muted">Загрузка…</p>
      ) : timeline.cases.length <= 1 ? (
        <p class="muted">Других случаев этого пациента нет.</p>
      ) : (
        <table class="grid timeline">
          <thead>
            <tr>
              <th>Даты</th>
              <th>МО</th>
              <th>Условия</th>
              <th>DS1</th>
              <th>Сумма</th>
              <th>Замечаний</th>
              <th>Заключения</th>
            </tr>
          </thead>
          <tbody>
            {timeline.cases.map((c) => (
              <tr class={c.current ? 'current' : ''} data-case={c.id}>
                <td>
                  {c.current ? (
                    <strong>
                      {ruDate(c.date_z_1)} — {ruDate(c.date_z_2)} (этот случай)
                    </strong>
                  ) : (
                    <a href={`#/cases/${c.id}`}>
                      {ruDate(c.date_z_1)} — {ruDate(c.date_z_2)}
                    </a>
                  )}
                  {c.status !== 'accepted' ? <span class="muted"> ({CASE_STATUS[c.status] ?? c.status})</span> : null}
                </td>
                <td>{c.code_mo}</td>
                <td>{USL_OK[String(c.usl_ok)] ?? t(c.usl_ok)}</td>
                <td>{t(c.ds1)}</td>
                <td>{rub(c.sumv)}</td>
                <td>{c.findings}</td>
                <td>
                  {c.conclusions.length
                    ? c.conclusions
                        .map(
                          (k) => `${CONTROL_NAMES[k.control] ?? k.control}: ${k.defect ? `дефект ${k.f014.join(', ')}` : 'без дефектов'}`,
                        )
                        .join('; ')
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What changed from one version's content to the next, in words. */
function changes(prev: Json | undefined, cur: Json): string {
  if (!prev) return 'создано';
  const keys = Object.keys(CONCLUSION_FIELD_NAMES).filter((k) => JSON.stringify(prev[k]) !== JSON.stringify(cur[k]));
  if (!keys.length) return 'без изменений содержания';
  const v = (k: string, x: unknown) =>
    k === 'amount_kop' || k === 'fine_kop'
      ? kop(x as number)
      : Array.isArray(x)
        ? x.join(', ') || '—'
        : x === true
          ? 'да'
          : x === false
            ? 'нет'
            : t(x);
  return keys.map((k) => `${CONCLUSION_FIELD_NAMES[k]}: ${v(k, prev[k])} → ${v(k, cur[k])}`).join('; ');
}

export function ConclusionItem({ x, canEdit, onEdit }: { x: CardConclusion; canEdit: boolean; onEdit: () => void }) {
  return (
    <li data-conclusion={x.id}>
      <strong>
        {CONTROL_NAMES[x.control] ?? x.control} ({x.s_tip}): {x.defect ? `дефект ${x.f014.join(', ')}` : 'без дефектов'}
      </strong>
      <div>
        Акт № {x.num_act ?? '—'} от {ruDate(x.date_act)}; неоплата {kop(x.amount_kop)}, штраф{' '}
        {x.fine_pending ? 'ожидает норматива' : kop(x.fine_kop)}
        {x.experts.length ? `; эксперт ${x.experts.join(', ')}` : ''}
        {x.source ? <span class="muted"> · {SOURCE_NAMES[x.source] ?? x.source}</span> : null}
      </div>
      {x.comment && <div class="muted">{x.comment}</div>}
      <details>
        <summary>История: версий {x.history.length}</summary>
        <ol class="history">
          {x.history.map((h, i) => (
            <li data-version={h.version}>
              версия {h.version}, {ruDateTime(h.changed_at)}, {h.changed_by}: {changes(x.history[i - 1]?.data, h.data)}
            </li>
          ))}
        </ol>
      </details>
      {canEdit && (
        <button type="button" class="edit" onClick={onEdit}>
          Исправить
        </button>
      )}
    </li>
  );
}
