/**
 * The README: "Exit code 2 means bad input … the message names the cause." A command line commander refuses (a
 * required option missing, an unknown option, an option without its value) is bad input too: it exited 1. Help stays 0.
 * Nothing here opens a database: commander refuses before any action runs.
 */
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from './helpers/db.js';

const env = { OMSX_HOME: '/nonexistent/omsx-cli-usage' };

describe('command lines commander refuses', () => {
  it.each([
    [['select'], "required option '--period <YYYY-MM>' not specified"],
    [['sank', 'export', '--period', '2025-08', '--out', '/tmp/x'], "required option '--smo <code>' not specified"],
    [['model', 'show', 'v1', '--jsno'], "unknown option '--jsno'"],
    [['agreement', '--xlsx'], "option '--xlsx <file>' argument missing"],
  ])('omsx %j exits 2 naming the cause', async (argv, message) => {
    const r = await runCliCaptured(argv, env);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('help still exits 0', async () => {
    const r = await runCliCaptured(['select', '--help'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--period');
  });
});
