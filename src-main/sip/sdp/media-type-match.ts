/**
 * accept-types matching (RFC 4975 §8.6): entries are `*`, `type/*` or `type/subtype`; media types compare
 * case-insensitively (RFC 2045 §5.1) and parameters never decide a match.
 */

const TOKEN = "[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+";
// Parameters are tolerated on input (some peers write `text/plain;charset=UTF-8`) and ignored when matching.
const PATTERN_RE = new RegExp(`^(?:\\*|${TOKEN}/${TOKEN}(?:;${TOKEN}=[^\\s;]+)*)$`);

/** True for a well-formed accept-types / accept-wrapped-types entry. */
export function isMediaTypePattern(entry: string): boolean {
  return PATTERN_RE.test(entry);
}

/** `type/subtype` lower-cased, without parameters. */
function bare(entry: string): string {
  const semi = entry.indexOf(';');
  return (semi < 0 ? entry : entry.slice(0, semi)).toLowerCase();
}

/** True when `pattern` (`*`, `type/*` or `type/subtype`) covers `mediaType`. */
export function mediaTypeMatches(pattern: string, mediaType: string): boolean {
  const p = bare(pattern);
  const t = bare(mediaType);
  if (p === '*') return true;
  if (p.endsWith('/*')) return t.startsWith(p.slice(0, -1));
  return p === t;
}

/** True when some entry of `acceptTypes` covers `mediaType` (the SIP SIMPLE client's `contains_mime_type`). */
export function acceptsMediaType(acceptTypes: readonly string[], mediaType: string): boolean {
  return acceptTypes.some((pattern) => mediaTypeMatches(pattern, mediaType));
}

/** The narrower of two overlapping entries, or undefined when they share no media type. */
function overlap(a: string, b: string): string | undefined {
  if (mediaTypeMatches(a, b)) return b;
  if (mediaTypeMatches(b, a)) return a;
  return undefined;
}

/**
 * The media types both lists accept, each as the narrower of an overlapping pair (`text/*` ∩ `text/plain` =
 * `text/plain`, `*` ∩ x = x), in the order of `first`, without duplicates (compared case-insensitively).
 */
export function intersectMediaTypes(first: readonly string[], second: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const a of first) {
    for (const b of second) {
      const common = overlap(a, b);
      if (common === undefined || seen.has(bare(common))) continue;
      seen.add(bare(common));
      out.push(common);
    }
  }
  return out;
}

export const CPIM_MEDIA_TYPE = 'message/cpim';

/** What each side of a chat stream accepts. */
export interface ChatTypeCapabilities {
  readonly acceptTypes: readonly string[];
  readonly acceptWrappedTypes: readonly string[] | undefined;
}

/** How a message of some media type may be sent to the peer. */
export type ChatSendMode = 'bare' | 'cpim' | 'refused';

export interface ChatTypeNegotiation {
  /** Both sides list message/cpim in accept-types (RFC 4975 §8.6; the SIP SIMPLE client's rule). */
  readonly cpim: boolean;
  /** Types we can send the peer bare: the peer's accept-types that we do not only accept wrapped. */
  readonly sendBare: readonly string[];
  /** Types the peer accepts inside CPIM (empty unless `cpim`). */
  readonly sendWrapped: readonly string[];
  /** At least one media type can flow in some direction: a chat stream without it is refused. */
  readonly usable: boolean;
}

/**
 * Negotiates a chat stream's types (RFC 4975 §8.6). Inside a wrapper the peer accepts its
 * accept-wrapped-types, or its accept-types when it sent none (our reading of §8.6, matching the SIP SIMPLE
 * client, which falls back to the unwrapped list).
 */
export function negotiateChatTypes(local: ChatTypeCapabilities, remote: ChatTypeCapabilities): ChatTypeNegotiation {
  const cpim = acceptsMediaType(local.acceptTypes, CPIM_MEDIA_TYPE) && acceptsMediaType(remote.acceptTypes, CPIM_MEDIA_TYPE);
  const remoteWrapped = remote.acceptWrappedTypes ?? remote.acceptTypes.filter((t) => bare(t) !== CPIM_MEDIA_TYPE);
  // message/cpim in both lists is itself a common type, so one intersection covers bare and wrapped use.
  const usable = intersectMediaTypes(local.acceptTypes, remote.acceptTypes).length > 0;
  return {
    cpim,
    sendBare: remote.acceptTypes.filter((t) => bare(t) !== CPIM_MEDIA_TYPE),
    sendWrapped: cpim ? [...remoteWrapped] : [],
    usable,
  };
}

/** Chooses how to send `mediaType`: bare when the peer accepts it, else wrapped in CPIM when negotiated. */
export function chatSendMode(negotiation: ChatTypeNegotiation, mediaType: string): ChatSendMode {
  if (acceptsMediaType(negotiation.sendBare, mediaType)) return 'bare';
  if (negotiation.cpim && acceptsMediaType(negotiation.sendWrapped, mediaType)) return 'cpim';
  return 'refused';
}
