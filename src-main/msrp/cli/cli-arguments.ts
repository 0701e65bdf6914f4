/**
 * Parsing `msrp listen|send` command lines: `--name value` options and `--flag` switches, nothing else
 * (a stray word is an error, so that a typo never silently changes what is sent where).
 */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export interface ParsedArguments {
  readonly command: string;
  readonly values: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
}

export function parseArguments(argv: readonly string[], spec: Readonly<Record<string, { readonly flags: readonly string[]; readonly values: readonly string[] }>>): ParsedArguments {
  const [command, ...rest] = argv;
  if (command === undefined || !(command in spec)) throw new CliUsageError(`expected a command: ${Object.keys(spec).join(' | ')}`);
  const allowed = spec[command] as { readonly flags: readonly string[]; readonly values: readonly string[] };
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    if (!word.startsWith('--')) throw new CliUsageError(`unexpected argument ${JSON.stringify(word)}`);
    const name = word.slice(2);
    if (allowed.flags.includes(name)) {
      flags.add(name);
    } else if (allowed.values.includes(name)) {
      const value = rest[++i];
      if (value === undefined) throw new CliUsageError(`--${name} needs a value`);
      values.set(name, value);
    } else {
      throw new CliUsageError(`unknown option --${name} for ${command}`);
    }
  }
  return { command, values, flags };
}

/** A positive integer option, or `fallback` when absent. */
export function integerOption(parsed: ParsedArguments, name: string, fallback: number): number {
  const text = parsed.values.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new CliUsageError(`--${name} must be a non-negative integer`);
  return value;
}
