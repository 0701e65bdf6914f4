import { randomBytes } from 'node:crypto';
import { LanError } from './lan-error';

/** The transports a LAN peer can be reached over, one DNS-SD service type each (RFC 6763 §7). */
export type LanSipTransportName = 'tcp' | 'udp';

/** RFC 6763 §7: `_sip._tcp` / `_sip._udp` in the `local.` domain (RFC 6762 §3). */
export const LAN_SIP_SERVICE_TYPES: Readonly<Record<LanSipTransportName, string>> = {
  tcp: '_sip._tcp.local',
  udp: '_sip._udp.local',
};

/** RFC 6763 §9: the meta-query that lists every service type on the link. */
export const DNS_SD_SERVICES_ENUMERATION = '_services._dns-sd._udp.local';

/** RFC 6763 §4.1.1: an instance name is at most 63 octets of UTF-8. */
export const MAX_INSTANCE_NAME_BYTES = 63;
/** RFC 6763 §6.1: each TXT string is one length byte and at most 255 octets. */
export const MAX_TXT_STRING_BYTES = 255;
/** RFC 6763 §6.2: a TXT record SHOULD fit one 1300-byte Ethernet-safe packet with the rest of the answer. */
export const DEFAULT_MAX_TXT_BYTES = 1300;
/** Our TXT format version (RFC 6763 §6.7: `txtvers` is the first key). */
export const LAN_TXT_VERSION = '1';

const MAX_INSTANCE_ID_CHARS = 64;
const MAX_CONTACT_CHARS = 512;

/** What this client puts in (and reads from) a `_sip` instance's TXT record. */
export interface LanTxtInfo {
  /** The SIP URI to send requests to, e.g. `sip:alice@192.0.2.7:5062;transport=tcp`. */
  readonly contact: string;
  /** Stable across restarts and renames: lets a peer recognise the same client under a new instance name. */
  readonly instanceId: string;
  /** The display name without the uniqueness suffix, when the peer sent one. */
  readonly displayName: string | undefined;
}

/** Four hex digits: enough to tell apart two users with the same display name on one link. */
export function randomInstanceSuffix(): string {
  return randomBytes(2).toString('hex');
}

/**
 * `<display name> (<suffix>)`, at most 63 octets (RFC 6763 §4.1.1), Net-Unicode (NFC, no control characters,
 * RFC 6763 §4.1.3 / RFC 5198). The display name is cut at a character boundary to make room for the suffix.
 * Dots are legal in instance names (RFC 6763 §4.3) but the wire library splits names on every dot when
 * encoding, so they are replaced by a look-alike (U+2024 ONE DOT LEADER).
 */
export function makeInstanceName(displayName: string, suffix: string): string {
  const tail = ` (${suffix})`;
  const clean = displayName
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\./g, '\u2024')
    .replace(/\s+/g, ' ')
    .trim();
  const base = clean.length > 0 ? clean : 'Parley';
  const budget = MAX_INSTANCE_NAME_BYTES - Buffer.byteLength(tail);
  let cut = '';
  for (const character of base) {
    if (Buffer.byteLength(cut + character) > budget) break;
    cut += character;
  }
  return `${cut.trimEnd()}${tail}`;
}

/** `<instance>.<service type>` (RFC 6763 §4.1). */
export function instanceFqdn(instanceName: string, transport: LanSipTransportName): string {
  return `${instanceName}.${LAN_SIP_SERVICE_TYPES[transport]}`;
}

/**
 * Splits `<instance>.<service type>` back; undefined when the name is not one of our service types. The
 * instance part may itself contain dots (RFC 6763 §4.3), so the known suffix is cut off rather than the
 * first label taken.
 */
export function parseInstanceFqdn(fqdn: string): { readonly instanceName: string; readonly transport: LanSipTransportName } | undefined {
  const lower = fqdn.toLowerCase().replace(/\.$/, '');
  for (const transport of ['tcp', 'udp'] as const) {
    const suffix = `.${LAN_SIP_SERVICE_TYPES[transport]}`;
    if (lower.endsWith(suffix) && lower.length > suffix.length) {
      return { instanceName: fqdn.replace(/\.$/, '').slice(0, fqdn.replace(/\.$/, '').length - suffix.length), transport };
    }
  }
  return undefined;
}

/** Our host name for SRV targets: unique per client so it never collides with the machine's own mDNS name. */
export function makeHostName(instanceId: string): string {
  const label = instanceId.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12) || randomBytes(6).toString('hex');
  return `parley-${label}.local`;
}

/** The TXT strings of our advertisement: `txtvers` first (RFC 6763 §6.7), then contact, instance id, name. */
export function encodeLanTxt(info: LanTxtInfo): Buffer[] {
  const pairs: Array<[string, string]> = [
    ['txtvers', LAN_TXT_VERSION],
    ['contact', info.contact],
    ['instance', info.instanceId],
  ];
  if (info.displayName !== undefined && info.displayName.length > 0) pairs.push(['name', info.displayName.normalize('NFC')]);
  return pairs.map(([key, value]) => {
    const text = Buffer.from(`${key}=${value}`, 'utf8');
    // RFC 6763 §6.1: a string longer than 255 octets cannot be encoded at all.
    if (text.length > MAX_TXT_STRING_BYTES) throw new LanError('sip/lan-invalid-option', `TXT value for "${key}" exceeds ${MAX_TXT_STRING_BYTES} bytes`);
    return text;
  });
}

/**
 * RFC 6763 §6.3–§6.5: `key=value` strings; keys are printable US-ASCII without '=', compared case-insensitively;
 * the first occurrence of a key wins; a key without '=' is a boolean attribute (value `true`). Malformed strings
 * are skipped, never thrown on.
 */
export function decodeTxt(strings: readonly Buffer[]): Map<string, string | true> {
  const attributes = new Map<string, string | true>();
  for (const raw of strings) {
    if (raw.length === 0) continue;
    const equals = raw.indexOf(0x3d);
    const keyBytes = equals < 0 ? raw : raw.subarray(0, equals);
    if (keyBytes.length === 0 || keyBytes.some((byte) => byte < 0x20 || byte > 0x7e)) continue; // §6.4
    const key = keyBytes.toString('ascii').toLowerCase();
    if (attributes.has(key)) continue; // §6.4: only the first is used
    attributes.set(key, equals < 0 ? true : raw.subarray(equals + 1).toString('utf8'));
  }
  return attributes;
}

export type LanTxtParseResult = { readonly ok: true; readonly info: LanTxtInfo } | { readonly ok: false; readonly reason: string };

/** Reads a peer's TXT record as ours; rejects (with a reason) what another client's `_sip` service would send. */
export function parseLanTxt(strings: readonly Buffer[], maxTxtBytes = DEFAULT_MAX_TXT_BYTES): LanTxtParseResult {
  const size = strings.reduce((total, item) => total + 1 + item.length, 0);
  if (size > maxTxtBytes) return { ok: false, reason: `TXT record of ${size} bytes exceeds ${maxTxtBytes}` };
  const attributes = decodeTxt(strings);
  const version = attributes.get('txtvers');
  if (version !== LAN_TXT_VERSION) return { ok: false, reason: `unsupported txtvers ${String(version)}` };
  const contactValue = attributes.get('contact');
  if (typeof contactValue !== 'string') return { ok: false, reason: 'no contact' };
  // Older clients wrote the contact as a name-addr (`<sip:…>`); accept both.
  const contact = contactValue.trim().replace(/^<(.*)>$/, '$1');
  if (contact.length > MAX_CONTACT_CHARS || !/^sips?:[^\s<>"]+$/i.test(contact)) return { ok: false, reason: 'contact is not a SIP URI' };
  const instanceId = attributes.get('instance');
  if (typeof instanceId !== 'string' || instanceId.length === 0 || instanceId.length > MAX_INSTANCE_ID_CHARS) {
    return { ok: false, reason: 'missing or oversized instance id' };
  }
  const name = attributes.get('name');
  return { ok: true, info: { contact, instanceId, displayName: typeof name === 'string' && name.length > 0 ? name : undefined } };
}
