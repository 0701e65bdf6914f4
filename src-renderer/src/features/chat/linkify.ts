/** A piece of message text: plain, or a web link the UI may make clickable. */
export type TextSegment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'link'; readonly text: string; readonly href: string };

// Candidates only: every match is parsed again by URL and kept only when its scheme is http or https.
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'"»”’]+$/;

/** Drops sentence punctuation after a link, and a closing bracket that opens nowhere inside it ("(see http://x)"). */
function trimCandidate(candidate: string): string {
  let text = candidate.replace(TRAILING_PUNCTUATION, '');
  for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']] as const) {
    while (text.endsWith(close) && text.split(close).length > text.split(open).length) {
      text = text.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
    }
  }
  return text;
}

/** The URL to open, or null unless `text` is an absolute http(s) URL with a host. */
export function safeHref(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  return url.href;
}

/**
 * Splits message text into plain text and links. Only http and https become links: javascript:, data:, file:,
 * sip: and anything else stay text (a message is written by someone else and must never run or open a local thing).
 */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const candidate = trimCandidate(match[0]);
    const href = safeHref(candidate);
    if (href === null) continue;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
