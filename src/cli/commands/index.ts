import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** A CLI command module: adds its (sub)commands to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** A command module, loaded only when its command runs (or for help): `omsx ingest` need not load the planner. */
interface CommandModule {
  /** The top-level command names the module registers. */
  names: readonly string[];
  load(): Promise<RegisterCommand>;
}

/** Every CLI command, in help order. Add one entry per command module. */
export const COMMANDS: readonly CommandModule[] = [
  { names: ['ingest'], load: async () => (await import('./ingest.command.js')).registerIngestCommand },
  { names: ['flk'], load: async () => (await import('./flk.command.js')).registerFlkCommand },
  { names: ['demo'], load: async () => (await import('./demo.command.js')).registerDemoCommand },
  { names: ['synth'], load: async () => (await import('./synth.command.js')).registerSynthCommand },
  { names: ['rating'], load: async () => (await import('./rating.command.js')).registerRatingCommand },
  { names: ['plan'], load: async () => (await import('./plan.command.js')).registerPlanCommand },
  { names: ['serve', 'worker'], load: async () => (await import('./service.command.js')).registerServiceCommands },
  { names: ['features'], load: async () => (await import('./features.command.js')).registerFeaturesCommand },
  { names: ['model'], load: async () => (await import('./model.command.js')).registerModelCommand },
  { names: ['score', 'scores'], load: async () => (await import('./score.command.js')).registerScoreCommands },
  { names: ['db'], load: async () => (await import('./db.command.js')).registerDbCommand },
  { names: ['select'], load: async () => (await import('./select.command.js')).registerSelectCommand },
  { names: ['experts'], load: async () => (await import('./experts.command.js')).registerExpertsCommand },
  { names: ['triggers'], load: async () => (await import('./triggers.command.js')).registerTriggersCommand },
  { names: ['worklist'], load: async () => (await import('./worklist.command.js')).registerWorklistCommand },
  { names: ['conclusions'], load: async () => (await import('./conclusions.command.js')).registerConclusionsCommand },
  { names: ['sank'], load: async () => (await import('./sank.command.js')).registerSankCommand },
  { names: ['agreement'], load: async () => (await import('./agreement.command.js')).registerAgreementCommand },
  { names: ['users', 'tokens', 'audit'], load: async () => (await import('./access.command.js')).registerAccessCommands },
  { names: ['acts'], load: async () => (await import('./acts.command.js')).registerActsCommand },
];

/**
 * The command modules `argv` needs: the one naming its first word, or all of them (help, no command, an unknown
 * command — commander lists and suggests from all).
 */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  const named = COMMANDS.find((m) => first !== undefined && m.names.includes(first));
  return Promise.all((named ? [named] : COMMANDS).map((m) => m.load()));
}
