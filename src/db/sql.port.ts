/**
 * The raw-SQL port used where the ORM is the wrong tool: migrations, bulk loads (COPY) and
 * set-based queries. Implemented for a PostgreSQL server (pg) and for embedded PGlite.
 */
export interface SqlPort {
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>;
  /**
   * Bulk-loads rows with COPY … FROM STDIN (text format). `lines` are complete COPY text lines
   * (tab-separated, `\N` for NULL, escaped with {@link copyText}), each ending in a newline.
   */
  copyIn(table: string, columns: readonly string[], lines: string[]): Promise<void>;
  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (tx: SqlPort) => Promise<T>): Promise<T>;
}

/** Escapes one value for COPY text format; `null`/`undefined` become `\N`. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Backslash first, then the characters COPY text format treats as delimiters.
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Formats a Postgres text[] literal; pass it to {@link copyText} like any string (COPY escaping is applied on top). */
export function copyArray(values: readonly string[] | undefined): string {
  if (!values || values.length === 0) return '{}';
  return '{' + values.map((v) => '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"').join(',') + '}';
}

/** Builds one COPY line from values. */
export function copyLine(values: readonly unknown[]): string {
  return values.map(copyText).join('\t') + '\n';
}
