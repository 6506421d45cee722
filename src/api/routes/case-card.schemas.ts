// The answers of the expert's case card (GET /api/cases/:id, …/timeline, …/sanction, /api/nsi/f014). Response
// schemas also serialize: the objects keep the fields they do not list (additionalProperties), as the register's
// data of a case is as irregular as the register.
import { Type } from 'typebox';
import { Nullable, Open } from './schema-kit.js';

const Json = Type.Record(Type.String(), Type.Unknown());

export const F014Page = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      code: Type.Integer(),
      osn: Nullable(Type.String()),
      text: Type.String(),
      short: Nullable(Type.String()),
      k_no: Nullable(Type.Number()),
      k_sh: Nullable(Type.Number()),
      group: Nullable(Type.String()),
      section: Nullable(Type.Union([Type.Literal('MEK'), Type.Literal('MEE'), Type.Literal('EKMP')])),
      from: Nullable(Type.String()),
      to: Nullable(Type.String()),
    }),
  ),
});

export const SanctionPreview = Type.Object({
  case_id: Type.String(),
  priced_case_id: Type.String(),
  control: Type.String(),
  s_tip: Type.Integer(),
  case_sum_kop: Type.Integer(),
  norm_kop: Nullable(Type.Integer()),
  year: Type.Integer(),
  codes: Type.Array(
    Type.Object({ code: Type.Integer(), osn: Nullable(Type.String()), k_no: Nullable(Type.Number()), k_sh: Nullable(Type.Number()) }),
  ),
  amount_kop: Type.Integer(),
  fine_kop: Type.Integer(),
  fine_pending: Type.Boolean(),
});

const Money = {
  id: Type.String(),
  control: Type.String(),
  s_tip: Type.Integer(),
  defect: Type.Boolean(),
  f014: Type.Array(Type.Integer()),
};

export const Timeline = Type.Object({
  patient: Nullable(Type.String()),
  cases: Type.Array(
    Open({
      id: Type.String(),
      idcase: Type.String(),
      file_name: Type.String(),
      code_mo: Type.String(),
      smo: Nullable(Type.String()),
      year: Type.Integer(),
      month: Type.Integer(),
      usl_ok: Nullable(Type.Integer()),
      date_z_1: Nullable(Type.String()),
      date_z_2: Nullable(Type.String()),
      ds1: Nullable(Type.String()),
      sumv: Nullable(Type.String()),
      status: Type.String(),
      findings: Type.Integer(),
      current: Type.Boolean(),
      conclusions: Type.Array(Open({ ...Money, amount_kop: Type.Integer(), fine_kop: Type.Integer() })),
    }),
  ),
});

export const CaseDetail = Type.Object({
  case: Open({
    /** The names of RSLT (V009) and ISHOD (V012) from the code tables, null for a code they do not hold. */
    rslt_name: Nullable(Type.String()),
    ishod_name: Nullable(Type.String()),
  }),
  scores: Type.Array(
    Open({
      model_version: Type.String(),
      status: Type.String(),
      p_defect: Type.Number(),
      expected_amount: Type.String(),
      reasons: Type.Array(Open({ feature: Type.String(), text: Type.String(), f014_group: Nullable(Type.String()) })),
    }),
  ),
  subCases: Type.Array(Open({ id: Type.String(), sl_id: Type.String(), sl: Nullable(Json) })),
  sanctions: Type.Array(
    Open({
      s_code: Type.String(),
      s_sum: Nullable(Type.String()),
      s_tip: Nullable(Type.Integer()),
      s_tip_name: Nullable(Type.String()),
      s_osn: Nullable(Type.Integer()),
      s_osn_name: Nullable(Type.String()),
      s_osn_item: Nullable(Type.String()),
      date_act: Nullable(Type.String()),
      num_act: Nullable(Type.String()),
    }),
  ),
  findings: Type.Array(
    Open({
      control: Type.String(),
      rule: Type.String(),
      severity: Type.String(),
      element: Nullable(Type.String()),
      message: Type.String(),
    }),
  ),
  conclusions: Type.Array(
    Open({
      ...Money,
      amount_kop: Nullable(Type.Integer()),
      fine_kop: Nullable(Type.Integer()),
      fine_pending: Type.Optional(Type.Boolean()),
      experts: Type.Array(Type.String()),
      date_act: Nullable(Type.String()),
      num_act: Nullable(Type.String()),
      comment: Nullable(Type.String()),
      arm: Nullable(Type.String()),
      source: Type.Optional(Type.String()),
      version: Type.Integer(),
      history: Type.Array(Open({ version: Type.Integer(), changed_at: Type.String(), changed_by: Type.String(), data: Json })),
    }),
  ),
});
