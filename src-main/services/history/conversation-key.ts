/**
 * The conversation key of a remote party: one per person, whatever form their address arrives in. RFC 3261
 * §19.1.4: scheme and host compare case-insensitively, the user part case-sensitively; URI parameters, headers,
 * the port and any display name do not name a different person. `sips:` and `sip:` are one conversation.
 * tel: numbers lose their visual separators (RFC 3966 §5.1.1). Idempotent: a key normalizes to itself.
 */
const KNOWN_SCHEMES = new Set(['sip', 'sips', 'tel', 'im', 'pres']);

export function normalizeConversationKey(address: string): string {
  let text = address.trim();
  const open = text.lastIndexOf('<');
  const close = text.lastIndexOf('>');
  if (open >= 0 && close > open) text = text.slice(open + 1, close).trim();
  // `host:5060` has no scheme: what follows its colon is a port (but `tel:0` is a number).
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(text);
  const hasScheme = m !== null && (KNOWN_SCHEMES.has((m[1] as string).toLowerCase()) || !/^\d+(?:[;?].*)?$/s.test(m[2] as string));
  let scheme = hasScheme ? (m[1] as string).toLowerCase() : 'sip';
  let rest = hasScheme ? (m[2] as string) : text;
  if (scheme === 'sips') scheme = 'sip';
  if (scheme === 'tel') {
    const number = (rest.split(/[;?]/)[0] ?? '').replace(/[-.()\s]/g, '');
    return `tel:${number}`;
  }
  if (scheme !== 'sip') return `${scheme}:${rest}`;
  const at = rest.lastIndexOf('@');
  let user = at >= 0 ? rest.slice(0, at) : '';
  rest = at >= 0 ? rest.slice(at + 1) : rest;
  const passwordAt = user.indexOf(':');
  if (passwordAt >= 0) user = user.slice(0, passwordAt);
  let host = (rest.split(/[;?]/)[0] ?? '').toLowerCase();
  if (host.startsWith('[')) host = host.slice(0, host.indexOf(']') + 1);
  else host = host.replace(/:\d*$/, '');
  return user === '' ? `sip:${host}` : `sip:${user}@${host}`;
}
