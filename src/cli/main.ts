import { Command, CommanderError } from 'commander';
import { createCliContext, type CliIo } from './context.js';
import { commandsFor } from './commands/index.js';
import { AppError } from '../errors.js';

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, a file was expected',
  ENOTDIR: 'a part of the path is not a directory',
};

/** A file a command was told to read and could not (a path the user gave): one line instead of a stack trace. */
function unreadableFile(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!(err instanceof Error) || !err.code || !err.path || !(err.code in FILE_ERRORS)) return undefined;
  return `cannot read ${err.path}: ${FILE_ERRORS[err.code]}`;
}

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
    // a command line commander refuses (missing or unknown option…) is bad input, exit 2 as the README says; help is 0
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof AppError) {
      ctx.err.write(`omsx: ${e.message}\n`);
      return 2;
    }
    const file = unreadableFile(e);
    if (file) {
      ctx.err.write(`omsx: ${file}\n`);
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
