// The case card: the F014 table, the sanction preview, the patient's timeline.
export interface F014Entry {
  code: number;
  osn: string | null;
  text: string;
  short: string | null;
  k_no: number | null;
  k_sh: number | null;
  group: string | null;
  section: 'MEK' | 'MEE' | 'EKMP' | null;
  from: string | null;
  to: string | null;
}

export interface SanctionPreview {
  case_id: string;
  priced_case_id: string;
  control: string;
  s_tip: number;
  case_sum_kop: number;
  norm_kop: number | null;
  year: number;
  codes: Array<{ code: number; osn: string | null; k_no: number | null; k_sh: number | null }>;
  amount_kop: number;
  fine_kop: number;
  fine_pending: boolean;
}

export interface TimelineCase {
  id: string;
  idcase: string;
  file_name: string;
  code_mo: string;
  smo: string | null;
  year: number;
  month: number;
  usl_ok: number | null;
  date_z_1: string | null;
  date_z_2: string | null;
  ds1: string | null;
  sumv: string | null;
  status: string;
  findings: number;
  current: boolean;
  conclusions: Array<{ id: string; control: string; s_tip: number; defect: boolean; f014: number[]; amount_kop: number; fine_kop: number }>;
}

export interface Timeline {
  patient: string | null;
  cases: TimelineCase[];
}
