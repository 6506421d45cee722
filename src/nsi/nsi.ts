/**
 * Code tables (НСИ): F006, F014, V0xx, N0xx… with validity periods. Pure: tables are built by
 * nsi.loader.ts (or by tests) and looked up by code, optionally on a date (DATEBEG ≤ date ≤ DATEEND).
 */

/** One row of a code table. */
export interface NsiRow {
  code: string;
  name?: string;
  /** Validity, ISO dates; absent = open. */
  from?: string;
  to?: string;
  fields: Record<string, string>;
}

const MEMO_DATES = 1000;
const MEMO_CODES = 50_000;

export class NsiTable {
  private readonly byCode = new Map<string, NsiRow[]>();
  constructor(
    readonly id: string,
    rows: NsiRow[],
  ) {
    for (const r of rows) this.byCode.set(r.code, [...(this.byCode.get(r.code) ?? []), r]);
  }
  get size(): number {
    return this.byCode.size;
  }
  /** Every row (all validity periods), in the order of the codes' first appearance. */
  rows(): NsiRow[] {
    return [...this.byCode.values()].flat();
  }
  /**
   * Answers of {@link row}, per date and code: register checks ask the same few codes record after
   * record (the table never changes once built). Bounded: cleared when it grows past the caps.
   */
  private readonly memo = new Map<string, Map<string, NsiRow | null>>();

  /** The date asked last and its answers: a file's records ask on a few dates, mostly one after another. */
  private lastDate: string | undefined;
  private lastByCode: Map<string, NsiRow | null> | undefined;

  /** The row valid on `onDate` (any row when no date is given). */
  row(code: string, onDate?: string): NsiRow | undefined {
    const date = onDate || ''; // no date and an empty date read a table alike
    let byCode = date === this.lastDate ? this.lastByCode : this.memo.get(date);
    if (!byCode) {
      if (this.memo.size >= MEMO_DATES) this.memo.clear();
      this.memo.set(date, (byCode = new Map()));
    }
    this.lastDate = date;
    this.lastByCode = byCode;
    let r = byCode.get(code);
    if (r === undefined) {
      r = this.find(code, date) ?? null;
      if (byCode.size >= MEMO_CODES) byCode.clear();
      byCode.set(code, r);
    }
    return r ?? undefined;
  }

  private find(code: string, onDate: string): NsiRow | undefined {
    const rows = this.byCode.get(normalizeCode(code));
    if (!rows) return undefined;
    if (!onDate) return rows.find((r) => !r.to) ?? rows[rows.length - 1];
    return rows.find((r) => (!r.from || r.from <= onDate) && (!r.to || onDate <= r.to));
  }
}

/** Codes compare without leading zeros for numeric codes ("01" = "1"). */
export function normalizeCode(code: string): string {
  return /^\d+$/.test(code) ? String(Number(code)) : code.trim();
}

/** The set of loaded code tables. A check whose table is not loaded is skipped, never guessed. */
export class Nsi {
  private readonly tables = new Map<string, NsiTable>();
  constructor(tables: NsiTable[] = []) {
    for (const t of tables) this.tables.set(t.id, t);
  }
  add(t: NsiTable): void {
    this.tables.set(t.id, t);
  }
  loaded(table: string): boolean {
    return this.tables.has(table);
  }
  table(table: string): NsiTable | undefined {
    return this.tables.get(table);
  }
  /** True when the code exists (on the date); undefined when the table is not loaded. */
  has(table: string, code: string, onDate?: string): boolean | undefined {
    const t = this.tables.get(table);
    return t ? t.row(code, onDate) !== undefined : undefined;
  }
  name(table: string, code: string, onDate?: string): string | undefined {
    return this.tables.get(table)?.row(code, onDate)?.name;
  }
  /** F014 (S_OSN) decoded: name, the 231н item ("1.10.2"), non-payment share K_NO and fine coefficient K_SH. */
  decodeSOsn(code: string, onDate?: string): { name?: string; item?: string; kNo?: number; kSh?: number } | undefined {
    const r = this.tables.get('F014')?.row(code, onDate) ?? this.tables.get('F014')?.row(code);
    if (!r) return undefined;
    const num = (v?: string) => (v && /^[\d.]+$/.test(v) ? Number(v) : undefined);
    return {
      name: r.name,
      item: r.fields.Osn || undefined,
      kNo: num(r.fields.K_NO),
      kSh: num(r.fields.K_SH),
    };
  }
  get ids(): string[] {
    return [...this.tables.keys()].sort();
  }
}
