import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { openTestDatabase } from './helpers/db.js';

/** Models of the Prisma schema: table name and column names (relation fields left out). */
function prismaTables(): Map<string, Set<string>> {
  const dir = new URL('../prisma/schema/', import.meta.url);
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.prisma'))
    .map((f) => readFileSync(new URL(f, dir), 'utf8'))
    .join('\n');
  const models = [...text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const names = new Set(models.map((m) => m[1]));
  const out = new Map<string, Set<string>>();
  for (const [, name, body] of models) {
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name;
    const cols = new Set<string>();
    for (const line of body.split('\n')) {
      const m = /^\s+(\w+)\s+(\w+)(\[\])?\??/.exec(line);
      if (!m || line.trim().startsWith('@@') || line.trim().startsWith('//')) continue;
      if (names.has(m[2])) continue; // relation field
      cols.add(/@map\("([^"]+)"\)/.exec(line)?.[1] ?? m[1]);
    }
    out.set(table, cols);
  }
  return out;
}

const db = await openTestDatabase('schema');

describe('Prisma schema and SQL migrations agree', () => {
  const tables = prismaTables();
  it('every Prisma model has its table with exactly its columns', async () => {
    const rows = await db.sql.query<{
      table_name: string;
      column_name: string;
    }>('SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()');
    const actual = new Map<string, Set<string>>();
    for (const r of rows) actual.set(r.table_name, (actual.get(r.table_name) ?? new Set()).add(r.column_name));
    expect(tables.size).toBeGreaterThan(5);
    for (const [table, cols] of tables) {
      expect([...(actual.get(table) ?? [])].sort(), `columns of ${table}`).toEqual([...cols].sort());
    }
  });
});
