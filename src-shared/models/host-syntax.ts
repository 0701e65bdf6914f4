/**
 * Syntax checks for the host and address fields of account settings. Pure string work (no DNS, no Node):
 * the renderer's form and the main process's command validation use the same rules.
 */

const MAX_HOSTNAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

// RFC 1123 §2.1: letters, digits and hyphens; a label may start with a digit; no hyphen at either end.
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

export function isHostname(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > MAX_HOSTNAME_LENGTH) return false;
  const labels = name.split('.');
  if (!labels.every((label) => label.length <= MAX_LABEL_LENGTH && LABEL.test(label))) return false;
  // RFC 1123 §2.1 / RFC 3696 §2: the top-level label is not all digits, so "1.2.3.999" is not a host name.
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

/** Dotted-quad IPv4, each part 0–255 without leading zeros (leading zeros read as octal in some stacks). */
export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => /^(?:0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

/** RFC 4291 §2.2 text forms: eight groups, one `::` elision, an optional trailing dotted IPv4. */
export function isIpv6(text: string): boolean {
  if (text.length === 0 || text.length > 45) return false;
  let body = text;
  const lastColon = body.lastIndexOf(':');
  if (lastColon >= 0 && body.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail stands for the last two groups (RFC 4291 §2.2 form 3).
    if (!isIpv4(body.slice(lastColon + 1))) return false;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const groupsNeeded = 8;
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const toGroups = (half: string): string[] | null => {
    if (half === '') return [];
    const groups = half.split(':');
    return groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group)) ? groups : null;
  };
  const head = toGroups(halves[0] ?? '');
  if (head === null) return false;
  if (halves.length === 1) return head.length === groupsNeeded;
  const tail = toGroups(halves[1] ?? '');
  if (tail === null) return false;
  // `::` stands for at least one group of zeros.
  return head.length + tail.length < groupsNeeded;
}

/** A host as typed into a server field: host name, IPv4, or IPv6 with or without brackets. */
export function isHost(text: string): boolean {
  if (text.startsWith('[') && text.endsWith(']')) return isIpv6(text.slice(1, -1));
  return isIpv4(text) || isIpv6(text) || isHostname(text);
}

export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

// RFC 3261 §25.1 userinfo `user`: unreserved / escaped / user-unreserved. No ':' (no password in the URI).
const SIP_USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;

export type AddressProblem = 'missing-at' | 'bad-user' | 'bad-domain' | 'bad-port';

/**
 * Checks `user@domain` where domain is a host name, IPv4 or [IPv6], optionally followed by `:port`
 * (the SIP URI host part of RFC 3261 §25.1, without the `sip:` scheme). Returns null when valid.
 */
export function checkAddress(text: string): AddressProblem | null {
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return 'missing-at';
  if (!SIP_USER.test(text.slice(0, at))) return 'bad-user';
  let domain = text.slice(at + 1);
  let port: string | null = null;
  if (domain.startsWith('[')) {
    const close = domain.indexOf(']');
    if (close < 0) return 'bad-domain';
    const rest = domain.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return 'bad-domain';
      port = rest.slice(1);
    }
    domain = domain.slice(0, close + 1);
    if (!isIpv6(domain.slice(1, -1))) return 'bad-domain';
  } else {
    const colon = domain.indexOf(':');
    if (colon >= 0) {
      port = domain.slice(colon + 1);
      domain = domain.slice(0, colon);
    }
    if (!isIpv4(domain) && !isHostname(domain)) return 'bad-domain';
  }
  if (port !== null && (!/^\d{1,5}$/.test(port) || !isPort(Number(port)))) return 'bad-port';
  return null;
}
