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
   * Bulk-loads rows with COPY … FROM STDIN. Text format: `lines` are complete COPY text lines
   * (tab-separated, `\N` for NULL, escaped with {@link copyText}), each ending in a newline; or
   * UTF-8 bytes of such lines, any number of whole lines per array. `binary`: `lines` are bytes of whole
   * binary COPY rows (db/copy-binary.ts), the stream's header and trailer are added here.
   */
  copyIn(table: string, columns: readonly string[], lines: readonly (string | Uint8Array)[], format?: 'text' | 'binary'): Promise<void>;
  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (tx: SqlPort) => Promise<T>): Promise<T>;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPE: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyEscape = (c: string) => COPY_ESCAPE[c];
const BACKSLASHES = /\\/g;

/** Escapes one value for COPY text format; `null`/`undefined` become `\N`. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'object') {
    // JSON text has no raw tab, newline or carriage return (JSON.stringify escapes them): only a backslash needs
    // escaping, and looking for one character is cheaper than the pattern over ~1 KB of archive per case
    const json = JSON.stringify(value);
    return json.indexOf('\\') < 0 ? json : json.replace(BACKSLASHES, '\\\\');
  }
  const s = typeof value === 'string' ? value : String(value);
  // Backslash and the characters COPY text format treats as delimiters, in one pass; most values have none.
  return COPY_SPECIAL.test(s) ? s.replace(COPY_SPECIAL_ALL, copyEscape) : s;
}

const ARRAY_SPECIAL = /[\\"]/;
const ARRAY_SPECIAL_ALL = /[\\"]/g;

/** Formats a Postgres text[] literal; pass it to {@link copyText} like any string (COPY escaping is applied on top). */
export function copyArray(values: readonly string[] | undefined): string {
  if (!values || values.length === 0) return '{}';
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out += (i ? ',"' : '"') + (ARRAY_SPECIAL.test(v) ? v.replace(ARRAY_SPECIAL_ALL, '\\$&') : v) + '"';
  }
  return out + '}';
}

/** Builds one COPY line from values. */
export function copyLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? '\t' : '') + copyText(values[i]);
  return line + '\n';
}
