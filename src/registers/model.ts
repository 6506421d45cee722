/**
 * The parsed shape of register records. Leaves are the raw trimmed text of the element
 * (never converted, so that the FLK can check formats); repeatable elements are arrays,
 * absent elements are `undefined`. Unknown (regional) elements are kept under their own
 * tag on the node that contains them (as string, node or array when they repeat).
 * Element names are the format's own (glossary: README "Glossary").
 */
import type { FileKind } from './elements.js';

/** A generic parsed element: text leaves, nested nodes, and arrays for repeated tags. */
export interface XmlNode {
  [tag: string]: string | XmlNode | Array<string | XmlNode> | undefined;
}

export type Text = string | undefined;

export interface Zglv {
  VERSION: Text;
  DATA: Text;
  FILENAME: Text;
  SD_Z?: Text;
  FILENAME1?: Text;
}

export interface Schet {
  CODE: Text;
  CODE_MO: Text;
  YEAR: Text;
  MONTH: Text;
  NSCHET: Text;
  DSCHET: Text;
  PLAT?: Text;
  SUMMAV: Text;
  COMENTS?: Text;
  SUMMAP?: Text;
  SANK_MEK?: Text;
  SANK_MEE?: Text;
  SANK_EKMP?: Text;
  REF?: { FIRST_CODE: Text; FIRST_YEAR: Text; FIRST_MONTH: Text };
  DISP?: Text;
}

/** File header: ZGLV + SCHET, read before the first ZAP. */
export interface RegisterHeader {
  ZGLV: Zglv;
  SCHET: Schet;
}

export interface Pacient {
  ID_PAC: Text;
  VPOLIS: Text;
  SPOLIS?: Text;
  NPOLIS?: Text;
  ENP?: Text;
  ST_OKATO?: Text;
  SMO?: Text;
  SMO_OGRN?: Text;
  SMO_OK?: Text;
  SMO_NAM?: Text;
  INV?: Text;
  MSE?: Text;
  NOVOR: Text;
  VNOV_D?: Text;
  SOC?: Text;
  NEXT_D?: Text;
  MO_PR?: Text;
  VZ?: Text;
}

export interface SlKoef {
  IDSL: Text;
  Z_SL: Text;
}
export interface KsgKpg {
  N_KSG?: Text;
  N_KPG?: Text;
  VER_KSG: Text;
  KSG_PG: Text;
  KOEF_Z: Text;
  KOEF_UP: Text;
  BZTSZ: Text;
  KOEF_D: Text;
  KOEF_U: Text;
  CRIT?: string[];
  SL_K: Text;
  IT_SL?: Text;
  SL_KOEF?: SlKoef[];
  K_ZP?: Text;
  PR_PR?: Text;
  KOEF_PR?: Text;
}
export interface Napr {
  NAPR_DATE: Text;
  NAPR_NUM?: Text;
  NAPR_MO?: Text;
  NAPR_V: Text;
  MET_ISSL?: Text;
  NAPR_USL?: Text;
}
export interface Cons {
  PR_CONS: Text;
  DT_CONS?: Text;
}
export interface BDiag {
  DIAG_DATE: Text;
  DIAG_TIP: Text;
  DIAG_CODE: Text;
  DIAG_RSLT?: Text;
  REC_RSLT?: Text;
}
export interface BProt {
  PROT: Text;
  D_PROT: Text;
}
export interface Inj {
  DATE_INJ: Text;
  KV_INJ?: Text;
  KIZ_INJ?: Text;
  S_INJ?: Text;
  SV_INJ?: Text;
  SIZ_INJ?: Text;
  RED_INJ?: Text;
}
export interface OnkLekPr {
  REGNUM: Text;
  REGNUM_DOP?: Text;
  CODE_SH: Text;
  DATE_INJ?: string[];
  INJ?: Inj[];
}
export interface OnkUsl {
  USL_TIP: Text;
  HIR_TIP?: Text;
  LEK_TIP_L?: Text;
  LEK_TIP_V?: Text;
  LEK_PR?: OnkLekPr[];
  PPTR?: Text;
  LUCH_TIP?: Text;
}
export interface OnkSl {
  DS1_T: Text;
  STAD?: Text;
  ONK_T?: Text;
  ONK_N?: Text;
  ONK_M?: Text;
  MTSTZ?: Text;
  SOD?: Text;
  K_FR?: Text;
  WEI?: Text;
  HEI?: Text;
  BSA?: Text;
  B_DIAG?: BDiag[];
  B_PROT?: BProt[];
  ONK_USL?: OnkUsl[];
}
export interface LekDose {
  ED_IZM: Text;
  DOSE_INJ: Text;
  METHOD_INJ: Text;
  COL_INJ: Text;
}
/** SL/LEK_PR (H 3.2+: drugs outside oncology, e.g. COVID-19). */
export interface SlLekPr {
  DATA_INJ?: Text;
  DATE_INJ?: Text;
  CODE_SH: Text;
  REGNUM?: Text;
  COD_MARK?: Text;
  LEK_DOSE?: LekDose;
}
export interface MedDev {
  DATE_MED: Text;
  CODE_MEDDEV: Text;
  NUMBER_SER: Text;
}
export interface MrUslN {
  MR_N: Text;
  PRVS?: Text;
  CODE_MD?: Text;
}
export interface Usl {
  IDSERV: Text;
  LPU: Text;
  LPU_1?: Text;
  PODR?: Text;
  PROFIL?: Text;
  PROFIL_M?: Text;
  VID_VME?: Text;
  DET?: Text;
  DATE_IN: Text;
  DATE_OUT: Text;
  P_OTK?: Text;
  DS?: Text;
  CODE_USL: Text;
  KOL_USL?: Text;
  TARIF: Text;
  SUMV_USL: Text;
  PRVS?: Text;
  CODE_MD?: Text;
  MR_USL_N?: MrUslN[];
  MED_DEV?: MedDev[];
  NPL?: Text;
  COMENTU?: Text;
}
export interface Ds2N {
  DS2: Text;
  DS2_PR?: Text;
  PR_DS2_N: Text;
}
export interface Naz {
  NAZ_N: Text;
  NAZ_R: Text;
  NAZ_IDDOKT?: Text;
  NAZ_SP?: Text;
  NAZ_V?: Text;
  NAZ_USL?: Text;
  NAPR_DATE?: Text;
  NAPR_MO?: Text;
  NAPR_NUM?: Text;
  NAZ_PMP?: Text;
  NAZ_PK?: Text;
}

/** SL: one stage of a completed case (department, diagnosis, KSG, services). */
export interface Sl {
  SL_ID: Text;
  VID_HMP?: Text;
  METOD_HMP?: Text;
  LPU_1?: Text;
  PODR?: Text;
  PROFIL?: Text;
  PROFIL_M?: Text;
  PROFIL_K?: Text;
  DET?: Text;
  P_CEL?: Text;
  TAL_D?: Text;
  TAL_NUM?: Text;
  TAL_P?: Text;
  NHISTORY: Text;
  P_PER?: Text;
  DATE_1: Text;
  DATE_2: Text;
  KD?: Text;
  WEI?: Text;
  DS0?: Text;
  DS1: Text;
  DS1_PR?: Text;
  DS2?: string[];
  DS3?: string[];
  C_ZAB?: Text;
  DS_ONK?: Text;
  DN?: Text;
  PR_D_N?: Text;
  CODE_MES1?: string[];
  CODE_MES2?: Text;
  MOP?: Text;
  NAPR?: Napr[];
  CONS?: Cons[];
  ONK_SL?: OnkSl;
  KSG_KPG?: KsgKpg;
  REAB?: Text;
  PRVS?: Text;
  VERS_SPEC?: Text;
  IDDOKT?: Text;
  DS2_N?: Ds2N[];
  NAZ?: Naz[];
  ED_COL?: Text;
  TARIF?: Text;
  SUM_M: Text;
  LEK_PR?: SlLekPr[];
  USL?: Usl[];
  COMENTSL?: Text;
}

export interface Sank {
  S_CODE: Text;
  S_SUM: Text;
  S_TIP: Text;
  SL_ID?: string[];
  S_OSN?: Text;
  DATE_ACT?: Text;
  NUM_ACT?: Text;
  CODE_EXP?: string[];
  S_COM?: Text;
  S_IST?: Text;
}

/** Z_SL: a completed case (законченный случай). */
export interface ZSl {
  IDCASE: Text;
  FIRST_IDCASE?: Text;
  USL_OK?: Text;
  VIDPOM: Text;
  FOR_POM?: Text;
  NPR_MO?: Text;
  NPR_DATE?: Text;
  NPR_NUM?: Text;
  LPU: Text;
  VBR?: Text;
  P_CEL?: Text;
  DATE_Z_1: Text;
  DATE_Z_2: Text;
  P_OTK?: Text;
  KD_Z?: Text;
  VNOV_M?: string[];
  RSLT?: Text;
  RSLT_D?: Text;
  ISHOD?: Text;
  OS_SLUCH?: string[];
  VB_P?: Text;
  SL: Sl[];
  IDSP: Text;
  SUMV: Text;
  OPLATA?: Text;
  SUMP?: Text;
  SANK?: Sank[];
  SANK_IT?: Text;
}

/** ZAP: one record = patient + one completed case. */
export interface Zap {
  N_ZAP: Text;
  PR_NOV: Text;
  PACIENT: Pacient;
  Z_SL: ZSl;
}

/** PERS: personal data of one patient (L-file). */
export interface Pers {
  ID_PAC: Text;
  FAM?: Text;
  IM?: Text;
  OT?: Text;
  W: Text;
  DR: Text;
  DOST?: string[];
  TEL?: Text;
  FAM_P?: Text;
  IM_P?: Text;
  OT_P?: Text;
  W_P?: Text;
  DR_P?: Text;
  DOST_P?: string[];
  MR?: Text;
  DOCTYPE?: Text;
  DOCSER?: Text;
  DOCNUM?: Text;
  DOCDATE?: Text;
  DOCORG?: Text;
  SNILS?: Text;
  OKATOG?: Text;
  OKATOP?: Text;
  COMENTP?: Text;
}

/** Where a record came from, for messages that name the file and the record. */
export interface RecordRef {
  file: string;
  n_zap?: string;
  idcase?: string;
  sl_id?: string;
  idserv?: string;
  id_pac?: string;
}

/** Identity of a register file derived from its name (e.g. `HM750096T75_21041`). */
export interface FileName {
  name: string;
  kind: FileKind;
  /** Original prefix, e.g. `HM`, `DPM`, `LM`, `LTM`. */
  prefix: string;
}
