import type { Deps } from '../deps.js';
import { asSystem } from '../db/scope.js';
import { addUser } from './auth.service.js';
import { usersRepo } from './users.repo.js';
import type { Role } from './roles.js';

/** The demo's users: one per role, password `demo-<login>-only`. For the demo database only (README). */
export const DEMO_USERS: ReadonlyArray<{ login: string; role: Role }> = [
  { login: 'admin', role: 'admin' },
  { login: 'tfoms', role: 'tfoms' },
  { login: 'smo', role: 'smo_coordinator' },
  { login: 'expert', role: 'expert' },
  { login: 'analyst', role: 'data_scientist' },
  { login: 'mo', role: 'mo' },
];

export const demoPassword = (login: string) => `demo-${login}-only`;

/**
 * Creates the demo users that are missing; the insurer and the MO are the region's largest. Returns what exists,
 * with the organisation of each user.
 */
export async function ensureDemoUsers(deps: Deps): Promise<Array<{ login: string; role: Role; smo: string | null; mo: string | null }>> {
  return asSystem(async () => {
    const sql = deps.db.sql;
    const [smo] = await sql.query<{ smo: string }>(
      'SELECT coalesce(smo, plat) AS smo FROM "case" WHERE coalesce(smo, plat) IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1',
    );
    const [mo] = await sql.query<{ code_mo: string }>('SELECT code_mo FROM "case" GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1');
    const repo = usersRepo(sql);
    for (const u of DEMO_USERS) {
      if (await repo.byLogin(u.login)) continue;
      const org =
        u.role === 'smo_coordinator' || u.role === 'expert'
          ? { smo: smo?.smo ?? '00000' }
          : u.role === 'mo'
            ? { mo: mo?.code_mo ?? '000000' }
            : {};
      const expert = u.role === 'expert' ? { expert: await demoExpertCode(deps, org.smo ?? '00000') } : {};
      await addUser(deps, { login: u.login, password: demoPassword(u.login), role: u.role, ...org, ...expert });
    }
    const all = await repo.list();
    return DEMO_USERS.map((d) => all.find((u) => u.login === d.login)!).map((u) => ({
      login: u.login,
      role: u.role,
      smo: u.smo,
      mo: u.mo,
    }));
  });
}

/**
 * The demo expert's code: the expert holding most of the insurer's worklist items (they see those cases), else the
 * first of the directory, else a demo expert added to it (a database without the selection loop's data).
 */
async function demoExpertCode(deps: Deps, smo: string): Promise<string> {
  const sql = deps.db.sql;
  const [busiest] = await sql.query<{ code: string }>(
    `SELECT expert_code AS code FROM worklist_item WHERE smo = $1 AND expert_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    [smo],
  );
  if (busiest) return busiest.code;
  const [first] = await sql.query<{ code: string }>('SELECT code FROM expert ORDER BY active DESC, code LIMIT 1');
  if (first) return first.code;
  await sql.query(`INSERT INTO expert (code, name, capacity) VALUES ('DEMO', 'Демо-эксперт', 0) ON CONFLICT (code) DO NOTHING`);
  return 'DEMO';
}
