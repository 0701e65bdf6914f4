/** A part of a search result's text: plain, or a word the user searched for. */
export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The text around the first match (at most `width` characters, on one line), split so the matched words can be
 * marked. Matching is case-insensitive and by word prefix, as main's search is.
 */
export function searchSnippet(text: string, query: string, width = 120): SnippetPart[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const words = query.split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return [{ text: flat.slice(0, width), match: false }];
  const pattern = new RegExp(`(${words.map(escapeRegExp).join('|')})`, 'gi');
  const first = flat.search(pattern);
  const start = first <= width / 3 ? 0 : first - Math.floor(width / 3);
  let window = flat.slice(start, start + width);
  if (start > 0) window = `…${window}`;
  if (start + width < flat.length) window = `${window}…`;
  return window
    .split(pattern)
    .filter((part) => part !== '')
    .map((part) => ({ text: part, match: words.some((word) => word.toLowerCase() === part.toLowerCase()) }));
}
