import { describe, expect, it } from 'vitest';
import { openTestDatabase } from './helpers/db.js';
import { migrate } from '../src/db/migrate.js';
import { copyLine } from '../src/db/sql.port.js';

const db = await openTestDatabase('dbtest');

describe('database', () => {
  it('migrations are recorded and re-running them applies nothing', async () => {
    const rows = await db.sql.query<{ name: string }>('SELECT name FROM omsx_migration ORDER BY name');
    expect(rows.map((r) => r.name)).toContain('0001_registers');
    expect(await migrate(db.sql)).toEqual([]);
  });

  it('COPY loads values with tabs, newlines and backslashes intact', async () => {
    const p = await db.prisma.package.create({
      data: { sourceName: 'copy', sha256: 'x' },
    });
    const message = 'tab\there\nnew line \\ backslash, кириллица';
    await db.sql.copyIn(
      'finding',
      ['package_id', 'file_name', 'control', 'rule', 'message', 'element'],
      [copyLine([p.id, 'HM1', 'FLK', '003F.00.0010', message, null])],
    );
    const f = await db.prisma.finding.findFirstOrThrow({
      where: { packageId: p.id },
    });
    expect(f.message).toBe(message);
    expect(f.element).toBeNull();
  });

  it('a failed transaction leaves nothing behind', async () => {
    await expect(
      db.sql.transaction(async (tx) => {
        await tx.query("INSERT INTO package (source_name, sha256) VALUES ('tx', 'rollback-me')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.prisma.package.count({ where: { sha256: 'rollback-me' } })).toBe(0);
  });
});
