import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { openTestDatabase, TEST_DATABASE_URL } from './helpers/db.js';

const run = promisify(execFile);
const db = await openTestDatabase('readme');
const root = resolve('.');
const work = await mkdtemp(join(tmpdir(), 'omsx-readme-'));
afterAll(() => rm(work, { recursive: true, force: true }));

// `npm link` puts a symlink to bin/omsx.js on the PATH: the same here, so every example runs the bin through a link
const binDir = join(work, 'bin');
await mkdir(binDir);
await symlink(join(root, 'bin/omsx.js'), join(binDir, 'omsx'));
// the examples name files under data/ from the repository's root; they run in a directory of their own
await symlink(join(root, 'data'), join(work, 'data'));
const env = { ...process.env, PATH: `${binDir}:${process.env.PATH}`, DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema };

/** The shell lines of the README's ```sh blocks in a section, `npx omsx` as `omsx` (the same bin, linked). */
async function examples(section: string): Promise<string[]> {
  const text = await readFile('README.md', 'utf8');
  const start = text.indexOf(`\n## ${section}`);
  expect(start).toBeGreaterThan(0);
  const body = text.slice(start + 1, text.indexOf('\n## ', start + 1));
  return [...body.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n').filter((l) => l.trim() !== ''));
}

async function sh(line: string) {
  return run('bash', ['-c', line.replace(/^npx omsx /, 'omsx ')], { cwd: work, env, maxBuffer: 1 << 24 });
}

describe("the README's examples, as written", () => {
  it('Ratings', { timeout: 120_000 }, async () => {
    const lines = await examples('Ratings');
    expect(lines.length).toBe(3);
    const outs = [];
    for (const l of lines) outs.push((await sh(l)).stdout);
    // "table rounded to 2 decimals (ДУ4 of A = 3.98)"
    const a = outs[1].split('\n').find((r) => r.split('\t')[1] === 'A')!;
    expect(a.split('\t')).toContain('3.98');
    expect(JSON.parse(outs[2]).units).toHaveLength(2);
  });

  it('Planning, in order, on a fresh database (plan store prints id 1, plan correct id 2)', { timeout: 180_000 }, async () => {
    const lines = await examples('Planning (`omsx plan`, `/api/plans`)');
    expect(lines.length).toBeGreaterThanOrEqual(9);
    for (const l of lines) {
      const { stdout, stderr } = await sh(l);
      if (!l.includes('plan balance')) expect(stderr, l).toBe(''); // balance warns when the revenue does not cover the programme
      expect(() => JSON.parse(stdout), l).not.toThrow();
    }
    expect(JSON.parse((await sh('npx omsx plan show --id 2')).stdout)).toMatchObject({ id: '2' });
  });

  it('`npx omsx` itself, from the repository (npm runs the bin through a link in .bin)', { timeout: 120_000 }, async () => {
    const { stdout } = await run('npx', ['--no-install', 'omsx', '--help'], { cwd: root, env: { ...process.env } });
    expect(stdout).toMatch(/^Usage: omsx /);
  });
});
