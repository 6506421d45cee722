import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCaptured } from './helpers/db.js';

const home = await mkdtemp(join(tmpdir(), 'omsx-serve-'));
afterAll(() => rm(home, { recursive: true, force: true }));
// the embedded database: no DATABASE_URL
const env: Record<string, string> = Object.fromEntries(
  Object.entries({ ...process.env, OMSX_HOME: home }).filter(([k, v]) => k !== 'DATABASE_URL' && v !== undefined),
) as Record<string, string>;

describe('omsx serve and omsx worker on the embedded database', () => {
  it('omsx worker refuses to start, saying why and what to do', async () => {
    const r = await runCliCaptured(['worker'], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs a PostgreSQL server \(DATABASE_URL\)/);
    expect(r.err).toMatch(/omsx serve` runs the jobs itself/);
  });

  it('omsx serve runs an upload to the end in its own process, and says so', { timeout: 240_000 }, async () => {
    // an upload needs a signed-in user: an admin with an API token, made by the CLI on the same embedded database
    const cli = (args: string[], input?: string) => spawnSync(process.execPath, ['bin/omsx.js', ...args], { env, input, encoding: 'utf8' });
    expect(cli(['users', 'add', 'uploader', '--role', 'admin'], 'uploader-password-1\n').status).toBe(0);
    const token = /omsx_\S+/.exec(cli(['tokens', 'create', 'uploader']).stdout)?.[0];
    expect(token).toBeDefined();
    const auth = { authorization: `Bearer ${token}` };
    const child = spawn(process.execPath, ['bin/omsx.js', 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          err += d;
          const m = /omsx: listening on (http:\/\/\S+) /.exec(err);
          if (m) resolve(m[1]);
        });
        void exited.then(() => reject(new Error(`serve exited before listening:\n${err}`)));
      });
      // it said what it was doing before it listened
      expect(err).toMatch(/opening the embedded database in .*pgdata/);
      expect(err).toMatch(/using this installation's own key/);
      expect(err).toMatch(/jobs \(register ingestion\) run in this process/);

      const form = new FormData();
      const zip = 'HM750001T76_2507.zip';
      form.append('file', new Blob([await readFile(join('data/sample/registers', zip))]), zip);
      const up = await fetch(`${address}/api/registers`, { method: 'POST', body: form, headers: auth });
      expect(up.status).toBe(202);
      const { id } = (await up.json()) as { id: string };
      let pkg: { status: string; counts: { cases: number; accepted: number } } | undefined;
      for (let i = 0; i < 400; i++) {
        pkg = (await (await fetch(`${address}/api/registers/${id}`, { headers: auth })).json()) as typeof pkg;
        if (pkg!.status !== 'queued' && pkg!.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(pkg!.status).toBe('done');
      expect(pkg!.counts.cases).toBeGreaterThan(0);
      expect(pkg!.counts.accepted).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
