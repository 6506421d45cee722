/**
 * Contracts between the register reader, the checks (FLK/MEK) and ingestion. Each side is built
 * separately; these types are what they agree on.
 */
import type { FileKind } from './elements.js';
import type { Pers, RegisterHeader, Zap } from './model.js';

/** One finding of format-logical control (Q015) or MEK (Q016), shaped like an FLK_P protocol line. */
export interface Finding {
  /** `FLK` (Q015 ids: 001F…, 002F…, 003F…, 006F…) or `MEK` (Q016 ids: 001K…, 002K…, 003K…). */
  control: 'FLK' | 'MEK';
  /** Official rule id, e.g. `003F.00.0640` — goes to FLK_P/PR/OSHIB. */
  rule: string;
  /** `error` rejects the record; `warning` is reported only. */
  severity: 'error' | 'warning';
  /** Element the rule is about, path below the root, e.g. `ZAP/Z_SL/SL/PROFIL_K` — FLK_P IM_POL. */
  element?: string;
  /** Parent element — FLK_P BAS_EL, e.g. `SL`. */
  basEl?: string;
  /** The offending value, when there is one — FLK_P ZN_POL. */
  value?: string;
  n_zap?: string;
  id_pac?: string;
  idcase?: string;
  sl_id?: string;
  idserv?: string;
  /** Human-readable explanation (Russian or English), naming what is wrong and what was expected. */
  message: string;
}

/** What a rule knows about the file being checked. */
export interface FileContext {
  fileName: string;
  kind: FileKind;
  /** ZGLV/VERSION as written, e.g. `3.1`, `3.2`, `5.1`. */
  version: string;
  /** SCHET/YEAR and SCHET/MONTH (reporting period), when readable. */
  year?: number;
  month?: number;
}

/** Events produced while a register file is read, in order: header, then record batches, then end. */
export type RegisterEvent =
  | {
      type: 'header';
      fileName: string;
      kind: FileKind;
      version: string;
      header: RegisterHeader;
      root: 'ZL_LIST';
    }
  | {
      type: 'pers-header';
      fileName: string;
      version: string;
      zglv: Record<string, string | undefined>;
      root: 'PERS_LIST';
    }
  | { type: 'zaps'; zaps: Zap[] }
  | { type: 'pers'; pers: Pers[] }
  | { type: 'end'; records: number; bytes: number };
