import { CONSOLE_KINDS, CONSOLE_TRACE_LEVELS, type ConsoleTraceLevel, type ConsoleTraceLevels } from '../../../src-shared';

export const ALL_OFF: ConsoleTraceLevels = Object.freeze({ sip: 'off', msrp: 'off', notification: 'off', log: 'off' });

/** Per trace, the most detailed level any subscriber asked for. */
export function highestLevels(all: Iterable<ConsoleTraceLevels>): ConsoleTraceLevels {
  const out: Record<string, ConsoleTraceLevel> = { ...ALL_OFF };
  for (const levels of all) {
    for (const kind of CONSOLE_KINDS) {
      if (CONSOLE_TRACE_LEVELS.indexOf(levels[kind]) > CONSOLE_TRACE_LEVELS.indexOf(out[kind] as ConsoleTraceLevel)) out[kind] = levels[kind];
    }
  }
  return Object.freeze(out) as ConsoleTraceLevels;
}

export function sameLevels(a: ConsoleTraceLevels, b: ConsoleTraceLevels): boolean {
  return CONSOLE_KINDS.every((kind) => a[kind] === b[kind]);
}
