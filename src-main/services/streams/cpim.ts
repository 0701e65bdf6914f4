/**
 * A minimal message/cpim codec (RFC 3862) for chat: the SIP SIMPLE client family wraps chat messages in CPIM
 * whenever both sides list message/cpim in accept-types (RFC 4975 §8.6). Header values escape control
 * characters as \uXXXX (RFC 3862 §3.2 allows any UTF-8; the seed escapes them so a value stays on one line).
 */
export interface CpimMessage {
  readonly from: string | undefined;
  readonly to: string | undefined;
  /** DateTime (RFC 3862 §4.6.1, RFC 3339), epoch ms; undefined when absent or unreadable. */
  readonly time: number | undefined;
  readonly contentType: string;
  readonly body: Buffer;
}

export interface CpimInit {
  readonly from: string;
  readonly to: string;
  readonly time: number;
  readonly contentType: string;
  readonly body: Buffer;
}

const CRLF = '\r\n';

function escapeValue(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\\]/g, (char) => (char === '\\' ? '\\\\' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

function unescapeValue(value: string): string {
  return value.replace(/\\(u[0-9a-fA-F]{4}|\\)/g, (_, code: string) => (code === '\\' ? '\\' : String.fromCharCode(Number.parseInt(code.slice(1), 16))));
}

/** RFC 3862 §3: message headers, a blank line, the encapsulated MIME headers, a blank line, the body. */
export function encodeCpim(init: CpimInit): Buffer {
  const head =
    `From: <${escapeValue(init.from)}>${CRLF}` +
    `To: <${escapeValue(init.to)}>${CRLF}` +
    `DateTime: ${new Date(init.time).toISOString()}${CRLF}` +
    CRLF +
    `Content-Type: ${escapeValue(init.contentType)}${CRLF}` +
    CRLF;
  return Buffer.concat([Buffer.from(head, 'utf8'), init.body]);
}

/** Returns undefined for a body that is not CPIM-shaped (the caller refuses or shows it raw). */
export function decodeCpim(bytes: Buffer): CpimMessage | undefined {
  const separator = Buffer.from(CRLF + CRLF);
  const firstEnd = bytes.indexOf(separator);
  if (firstEnd < 0) return undefined;
  const secondEnd = bytes.indexOf(separator, firstEnd + separator.length);
  if (secondEnd < 0) return undefined;
  const messageHeaders = parseHeaders(bytes.subarray(0, firstEnd).toString('utf8'));
  const contentHeaders = parseHeaders(bytes.subarray(firstEnd + separator.length, secondEnd).toString('utf8'));
  const dateText = messageHeaders.get('datetime');
  const time = dateText === undefined ? undefined : Date.parse(dateText);
  return {
    from: stripAngles(messageHeaders.get('from')),
    to: stripAngles(messageHeaders.get('to')),
    time: time === undefined || Number.isNaN(time) ? undefined : time,
    contentType: contentHeaders.get('content-type') ?? 'text/plain',
    body: bytes.subarray(secondEnd + separator.length),
  };
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split(CRLF)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // First occurrence wins: RFC 3862 allows repeated To and namespaced headers we do not use.
    if (!headers.has(name)) headers.set(name, unescapeValue(line.slice(colon + 1).trim()));
  }
  return headers;
}

/** `"Alice" <sip:alice@example.com>` → `sip:alice@example.com`. */
function stripAngles(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /<([^>]*)>/.exec(value);
  return match?.[1] ?? value;
}
