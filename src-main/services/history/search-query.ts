/**
 * Turns what a user typed into an FTS5 query that cannot be a syntax error: every word becomes a quoted
 * string (FTS5 `"..."` with `""` for a quote), words are ANDed, and the last one matches as a prefix so results
 * follow typing. Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const words = input.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w.replaceAll('"', '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** The LIKE pattern of the fallback search (no FTS5): the input literally, `\` escaping LIKE's wildcards. */
export function toLikePattern(input: string): string | null {
  const text = input.trim();
  if (text === '') return null;
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
