/**
 * A private PostgreSQL server for a test that stops and starts it (the shared server on :5432 serves every other
 * session's tests and is never restarted): initdb into a temporary directory, on a free port, as the `postgres`
 * user when the test runs as root. Null when the server's binaries are not installed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  url: string;
  port: number;
  /** `pg_ctl stop` (fast: clients are disconnected, as in a restart). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

/** The directory of the installed PostgreSQL server's binaries (the newest), or null. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((ok, no) => {
    const s = createServer();
    s.once('error', no);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres | null> {
  const bin = postgresBin();
  if (!bin) return null;
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'omsx-pg-'));
  const data = join(dir, 'data');
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  // PostgreSQL refuses to run as root: as the postgres user then
  const argv = (cmd: string, args: string[]): [string, string[]] =>
    root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const run = (cmd: string, args: string[]) => execFileSync(...argv(cmd, args), { stdio: 'pipe', timeout: 60_000 });
  // stop and start do not block the event loop: the service under test keeps running meanwhile
  const runAsync = (cmd: string, args: string[]) =>
    new Promise<void>((ok, no) =>
      execFile(...argv(cmd, args), { timeout: 60_000 }, (e, out, err) =>
        e ? no(new Error(`${e.message}\n${String(out)}${String(err)}\n${readFileSync(log, 'utf8').slice(-2000)}`)) : ok(),
      ),
    );
  run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB -c max_connections=40`;
  const log = join(dir, 'server.log');
  const start = () => runAsync(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', log, '-w', '-t', '30', 'start']);
  const stop = () => runAsync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
  await start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await stop().catch(() => undefined); // already stopped
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
