// The acts of MEE / EKMP (GET /api/acts…).

/** An act a period has: GET /api/acts/list. */
export interface ActKey {
  mo: string;
  smo: string | null;
  control: string;
  cases: number;
}

export interface ActDefect {
  code: number;
  item: string | null;
  name: string | null;
}

/** The act of MEE / EKMP: GET /api/acts (money in kopecks). */
export interface Act {
  period: string;
  control: string;
  mo: { code: string; name: string | null };
  smo: string | null;
  accounts: { file: string; nschet: string | null; dschet: string | null }[];
  acts: { num: string | null; date: string | null }[];
  experts: string[];
  lines: {
    conclusion_id: string;
    case_id: string;
    account: string | null;
    n_zap: string;
    idcase: string;
    patient: string | null;
    date_1: string;
    date_2: string;
    sum_kop: number;
    defect: boolean;
    defects: ActDefect[];
    amount_kop: number;
    fine_kop: number;
    fine_pending: boolean;
    experts: string[];
    num_act: string | null;
    date_act: string | null;
  }[];
  defects: (ActDefect & { cases: number })[];
  totals: { cases: number; with_defects: number; sum_kop: number; amount_kop: number; fine_kop: number; fines_pending: number };
}
