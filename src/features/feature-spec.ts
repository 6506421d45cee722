// Placeholder until the features branch is merged (its file replaces this one): the contract's shapes only.
export interface FeatureSpec {
  version: string;
  numeric: readonly string[];
  categorical: readonly string[];
}
export interface FeatureRow {
  caseId: string;
  year: number;
  month: number;
  smo: string | null;
  codeMo: string;
  uslOk: number | null;
  num: Float32Array;
  cat: (string | null)[];
}
