import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerDbCommand } from './db.command.js';
import { registerDemoCommand } from './demo.command.js';
import { registerIngestCommand } from './ingest.command.js';
import { registerServiceCommands } from './service.command.js';
import { registerSynthCommand } from './synth.command.js';
import { registerRatingCommand } from './rating.command.js';
import { registerPlanCommand } from './plan.command.js';

/** A CLI command module: adds its (sub)commands to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Every CLI command, in help order. Add one line per command module. */
export const COMMANDS: RegisterCommand[] = [
  registerIngestCommand,
  registerDemoCommand,
  registerSynthCommand,
  registerRatingCommand,
  registerPlanCommand,
  registerServiceCommands,
  registerDbCommand,
];
