/**
 * The argument schema of every command. The main process validates every invocation against these before
 * a handler sees it: whatever arrives from a window is untrusted. The mapped type makes the compiler refuse
 * a missing command, and a schema whose parsed output does not fit the command's argument tuple.
 */
import { z } from 'zod';
import { accountDraftSchema, accountIdSchema, issuesToFieldProblems, lanDisplayNameSchema } from '../models/account-schema';
import type { CommandArgs, CommandName } from './contract';
import { err, ok, type Result } from './result';

export { DEFAULT_ACCOUNT_SETTINGS, validateAccountDraft } from '../models/account-schema';

type CommandArgSchemas = { readonly [N in CommandName]: z.ZodType<CommandArgs<N>> };

const enabledSchema = z.boolean({ error: 'Enabled must be true or false.' });

export const COMMAND_ARG_SCHEMAS: CommandArgSchemas = {
  'app.getSnapshot': z.tuple([]),
  'accounts.add': z.tuple([accountDraftSchema]),
  'accounts.update': z.tuple([accountIdSchema, accountDraftSchema]),
  'accounts.remove': z.tuple([accountIdSchema]),
  'accounts.setEnabled': z.tuple([accountIdSchema, enabledSchema]),
  'accounts.setDefault': z.tuple([accountIdSchema]),
  'accounts.renameLan': z.tuple([lanDisplayNameSchema]),
};

/** Argument names, for the `field` of a validation error about a whole argument. */
type ArgNames<T extends readonly unknown[]> = { readonly [I in keyof T]: string };

export const COMMAND_ARG_NAMES: { readonly [N in CommandName]: ArgNames<CommandArgs<N>> } = {
  'app.getSnapshot': [],
  'accounts.add': ['draft'],
  'accounts.update': ['id', 'draft'],
  'accounts.remove': ['id'],
  'accounts.setEnabled': ['id', 'enabled'],
  'accounts.setDefault': ['id'],
  'accounts.renameLan': ['displayName'],
};

/**
 * Validates raw arguments for a known command. On failure the error's `field` is the path inside an
 * object argument (`outboundProxy.port`, as `validateAccountDraft` reports it), the argument's name when
 * the argument itself is wrong (`id`), or `args` when the argument list has the wrong shape or length.
 * Never throws.
 */
export function validateCommandArgs<N extends CommandName>(name: N, args: unknown): Result<CommandArgs<N>> {
  try {
    // Inside the try: Array.isArray itself throws on a revoked proxy.
    if (!Array.isArray(args)) return err('invalid-argument', 'The arguments must be a list.', 'args');
    const result = COMMAND_ARG_SCHEMAS[name].safeParse(args);
    if (result.success) return ok(result.data);
    const first = result.error.issues[0];
    if (first === undefined || first.path.length === 0) {
      const expected = (COMMAND_ARG_NAMES[name] as readonly string[]).length;
      return err('invalid-argument', `${name} takes ${expected} argument${expected === 1 ? '' : 's'}.`, 'args');
    }
    const index = first.path[0];
    const argName = typeof index === 'number' ? (COMMAND_ARG_NAMES[name] as readonly string[])[index] : undefined;
    const [problem] = issuesToFieldProblems([first], [index ?? 0]);
    const field = problem === undefined || problem.field === '' ? (argName ?? 'args') : problem.field;
    return err('invalid-argument', problem?.message ?? 'Invalid argument.', field);
  } catch {
    // A value zod cannot even walk (a throwing getter, a revoked proxy) is still just bad input.
    return err('invalid-argument', 'The arguments could not be read.', 'args');
  }
}
