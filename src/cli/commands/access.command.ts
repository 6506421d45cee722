import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';
import { addUser, createToken } from '../../access/auth.service.js';
import { usersRepo } from '../../access/users.repo.js';
import { auditRepo } from '../../access/audit.repo.js';
import { ROLES } from '../../access/roles.js';

/** The first line of standard input (a password is never an argument: it would stay in the shell's history). */
async function readLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0];
}

const day = (s: string, name: string): Date => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new AppError('BAD_INPUT', `${name}: expected YYYY-MM-DD`);
  return new Date(s + 'T00:00:00Z');
};
const iso = (d: Date | null) => (d ? d.toISOString() : '');

/** `omsx users add|list|disable`, `omsx tokens create|list|revoke`, `omsx audit export`. */
export function registerAccessCommands(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('users of the web application and the API');
  users
    .command('add <login>')
    .description(`create a user; the password is read from standard input. Roles: ${ROLES.join(', ')}`)
    .requiredOption('--role <role>', 'role')
    .option('--smo <code>', 'insurer code (smo_coordinator, expert: required)')
    .option('--mo <code>', 'MO code (mo: required)')
    .option('--expert <code>', 'the expert code in the experts directory (expert: required; they see the cases assigned to it)')
    .action(async (login: string, opts: { role: string; smo?: string; mo?: string; expert?: string }) => {
      const password = await readLine(ctx.in);
      const deps = await ctx.deps();
      const id = await addUser(deps, { login, password, role: opts.role, smo: opts.smo, mo: opts.mo, expert: opts.expert });
      ctx.out.write(`user ${login} (${opts.role}) created, id ${id}\n`);
    });
  users
    .command('list')
    .description('list users')
    .option('--json', 'JSON lines')
    .action(async (opts: { json?: boolean }) => {
      const deps = await ctx.deps();
      for (const u of await usersRepo(deps.db.sql).list()) {
        if (opts.json) ctx.out.write(JSON.stringify(u) + '\n');
        else
          ctx.out.write(
            `${u.login.padEnd(24)} ${u.role.padEnd(16)} smo=${u.smo ?? '-'} mo=${u.mo ?? '-'}${u.expert_code ? ` expert=${u.expert_code}` : ''}${u.disabled_at ? '  DISABLED ' + iso(u.disabled_at) : ''}\n`,
          );
      }
    });
  users
    .command('disable <login>')
    .description('disable a user: their sessions and tokens end at once')
    .action(async (login: string) => {
      const deps = await ctx.deps();
      if (!(await usersRepo(deps.db.sql).disable(login, deps.now()))) throw new AppError('NOT_FOUND', `no user ${login}`);
      ctx.out.write(`user ${login} disabled\n`);
    });

  const tokens = program.command('tokens').description('API tokens for machine clients (Authorization: Bearer …)');
  tokens
    .command('create <login>')
    .description('create a token for a user; printed once')
    .option('--name <name>', 'what the token is for', 'api')
    .option('--days <n>', 'lifetime in days (default OMSX_TOKEN_TTL_DAYS)', (v) => Number(v))
    .action(async (login: string, opts: { name: string; days?: number }) => {
      const deps = await ctx.deps();
      const days = opts.days ?? deps.config.tokenTtlDays;
      if (!Number.isInteger(days) || days < 1 || days > 3650) throw new AppError('BAD_INPUT', '--days: 1–3650');
      const t = await createToken(deps, login, opts.name, days);
      ctx.out.write(`${t.token}\n`);
      ctx.err.write(`token ${t.id} for ${login}, expires ${t.expiresAt.toISOString()} (shown once: store it now)\n`);
    });
  tokens
    .command('list')
    .description('list tokens (never their values)')
    .action(async () => {
      const deps = await ctx.deps();
      for (const t of await usersRepo(deps.db.sql).listTokens())
        ctx.out.write(
          `${t.id.padStart(5)} ${t.login.padEnd(24)} ${t.name.padEnd(16)} expires ${iso(t.expires_at)}${t.revoked_at ? ' REVOKED ' + iso(t.revoked_at) : ''}${t.last_used_at ? ' last used ' + iso(t.last_used_at) : ''}\n`,
        );
    });
  tokens
    .command('revoke <id>')
    .description('revoke a token at once')
    .action(async (id: string) => {
      if (!/^\d+$/.test(id)) throw new AppError('BAD_INPUT', 'a token id is a number (omsx tokens list)');
      const deps = await ctx.deps();
      if (!(await usersRepo(deps.db.sql).revokeToken(id, deps.now()))) throw new AppError('NOT_FOUND', `no live token ${id}`);
      ctx.out.write(`token ${id} revoked\n`);
    });

  program
    .command('audit')
    .description('the audit log of personal-data reads')
    .command('export')
    .description('print the entries of [from, to) as JSON lines')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'day after the last, YYYY-MM-DD')
    .action(async (opts: { from: string; to: string }) => {
      const from = day(opts.from, '--from');
      const to = day(opts.to, '--to');
      if (!(from < to)) throw new AppError('BAD_INPUT', '--from must be before --to');
      const deps = await ctx.deps();
      for (const e of await auditRepo(deps.db.sql).list(from, to)) ctx.out.write(JSON.stringify(e) + '\n');
    });
}
