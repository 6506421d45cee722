// The expert's case card: the case as the register has it (the patient pseudonymous), its findings, the risk score
// with its reasons, the patient's timeline, and the conclusions with the history of their corrections and the form
// to enter or correct one.
import { useState } from 'preact/hooks';
import type { User } from '../api/client.js';
import { useGet } from '../api/use-get.js';
import type { CaseDetail, Timeline } from '../api/cases.js';
import { CASE_STATUS, USL_OK, ruDate } from '../labels.js';
import { recallLine } from '../lines.js';
import { ruError } from './case-errors.js';
import { ConclusionForm } from './conclusion-form.js';
import { Diagnoses, Oncology, Stays, Sums } from './case-register.js';
import { ConclusionItem, Findings, Patient, PatientTimeline, Score } from './case-review.js';

// The register's fields of the case section; the patient (PACIENT) is shown apart, without personal data.
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
  ['status', 'Статус'],
];

// codes shown with their names from the code tables (V009, V012) the server adds to the case: «код — наименование»
const NAMED: Record<string, string> = { rslt: 'rslt_name', ishod: 'ishod_name' };

function fieldText(k: string, v: unknown, c: Record<string, unknown>): string {
  if (v === null || v === undefined || v === '') return '—';
  const name = k in NAMED ? c[NAMED[k]] : null;
  if (typeof name === 'string' && name) return `${String(v)} — ${name}`;
  if (k === 'usl_ok') return USL_OK[String(v)] ?? String(v);
  if (k === 'status') return CASE_STATUS[String(v)] ?? String(v);
  if (k === 'date_z_1' || k === 'date_z_2') return ruDate(v);
  return String(v);
}

export function CasePage({ id, item, user }: { id: string; item: string | null; user: User }) {
  const line = recallLine(item);
  const [tick, setTick] = useState(0);
  const [detail, error] = useGet<CaseDetail>(`/api/cases/${id}`, { tick, message: ruError });
  const [timelineGot, timelineError] = useGet<Timeline>(`/api/cases/${id}/timeline`, { tick });
  const timeline: Timeline | null = timelineError ? { patient: null, cases: [] } : timelineGot;
  const [editing, setEditing] = useState<string | null>(null);
  const canConclude = ['admin', 'smo_coordinator', 'expert'].includes(user.role);
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!detail) return <p class="muted">Загрузка…</p>;
  const c = detail.case;
  const saved = () => {
    setEditing(null);
    setTick(tick + 1);
  };
  const edited = detail.conclusions.find((x) => x.id === editing);
  return (
    <section class="case case-card">
      <p>
        <a href="#/worklist">← к списку</a>
      </p>
      <h1>
        Случай {String(c.idcase)} · МО {String(c.code_mo)} · {String(c.year)}-{String(c.month).padStart(2, '0')}
      </h1>
      <div class="columns">
        <div>
          <section>
            <h2>Случай</h2>
            <dl class="fields">
              {FIELDS.map(([k, label]) => (
                <>
                  <dt>{label}</dt>
                  <dd>{fieldText(k, c[k], c)}</dd>
                </>
              ))}
            </dl>
          </section>
          <Patient caseId={id} pacient={(c.pacient ?? {}) as Record<string, unknown>} pseudonym={timeline?.patient ?? null} user={user} />
          <Diagnoses c={c} subCases={detail.subCases} />
          <Stays subCases={detail.subCases} />
          <Oncology subCases={detail.subCases} />
          <Sums c={c} sanctions={detail.sanctions} />
          <Findings findings={detail.findings} />
          <Score line={line} scores={detail.scores} />
          <PatientTimeline timeline={timeline} />
        </div>
        <div>
          <h2>Заключения с историей исправлений</h2>
          {detail.conclusions.length === 0 ? (
            <p class="muted">Заключений пока нет.</p>
          ) : (
            <ul class="conclusions">
              {detail.conclusions.map((x) => (
                <ConclusionItem x={x} canEdit={canConclude && x.source !== 'register'} onEdit={() => setEditing(x.id)} />
              ))}
            </ul>
          )}
          {canConclude && edited && (
            <ConclusionForm
              key={`edit-${edited.id}-${edited.version}`}
              caseId={id}
              control={edited.control}
              expert={null}
              editing={edited}
              onSaved={saved}
              onCancel={() => setEditing(null)}
            />
          )}
          {canConclude && !edited && (
            <ConclusionForm caseId={id} control={line?.control ?? 'MEE'} expert={line?.expert ?? null} onSaved={() => setTick(tick + 1)} />
          )}
        </div>
      </div>
    </section>
  );
}
