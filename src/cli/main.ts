import { Command, CommanderError } from 'commander';
import { createCliContext, type CliIo } from './context.js';
import { commandsFor } from './commands/index.js';
import { AppError } from '../errors.js';

/** Builds and runs the `omsx` program; returns the exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io?: CliIo): Promise<number> {
  const ctx = createCliContext(env, io);
  process.exitCode = undefined;
  const program = new Command('omsx')
    .description('OMS bill registers: ingestion, FLK/MEK, risk-based selection, ratings and planning')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out.write(s),
      writeErr: (s) => ctx.err.write(s),
    });
  for (const register of await commandsFor(argv)) register(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
    process.exitCode = undefined; // commands signal through it; the caller owns the real exit code
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof AppError) {
      ctx.err.write(`omsx: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    await ctx.close();
  }
}

/**
 * Runs `omsx` as a process: `process.argv`, exit code, a reader that goes away. `bin/omsx.js` calls it, whatever
 * path it was reached by (`npx omsx` and `npm link` run the bin through a symlink in `node_modules/.bin`).
 */
export function main(): void {
  // `omsx … | head`: the reader went away; stop quietly, as Unix tools do, instead of an unhandled EPIPE
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
