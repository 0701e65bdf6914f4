/**
 * Redaction of secrets before anything reaches a log sink: values under secret-looking keys, and the
 * credentials of SIP/MSRP `Authorization:` / `Proxy-Authorization:` headers inside strings (RFC 3261
 * §20.7 and §20.28; RFC 4976 §5 uses the same header for relays). Bounded: deep or cyclic input is cut.
 */
export const REDACTED = '[redacted]';

const SECRET_KEY = /password|passwd|passphrase|^pass$|secret|token|authori[sz]ation|credential|api[-_]?key|private[-_]?key|cookie/i;

// The header name not glued to a longer word; the value up to the real line end. In a one-line rendering
// (escaped "\r\n") that runs to the end of the string: redacting too much is the safe side.
const AUTH_HEADER = /((?:^|[^A-Za-z0-9-])(?:proxy-)?authorization[ \t]*:[ \t]*)[^\r\n]*/gi;

const MAX_DEPTH = 6;
const MAX_KEYS = 100;
const MAX_ITEMS = 100;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactString(text: string): string {
  if (!/authorization/i.test(text)) return text;
  return text.replace(AUTH_HEADER, `$1${REDACTED}`);
}

/** A plain copy of `value` safe to log. Errors become { name, message, code, stack }. */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'function') return '[function]';
    if (typeof value === 'symbol') return value.toString();
    return value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return {
        name: value.name,
        message: redactString(value.message),
        ...(code === undefined ? {} : { code: redactValue(code, depth + 1, seen) }),
        ...(value.stack === undefined ? {} : { stack: redactString(value.stack) }),
      };
    }
    if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((item) => redactValue(item, depth + 1, seen));
      if (value.length > MAX_ITEMS) items.push(`[${value.length - MAX_ITEMS} more]`);
      return items;
    }
    const copy: Record<string, unknown> = {};
    let count = 0;
    for (const key of Object.keys(value)) {
      if (count++ >= MAX_KEYS) {
        copy['…'] = '[more keys]';
        break;
      }
      const item = (value as Record<string, unknown>)[key];
      // Flags such as `hasPassword: true` say nothing secret; every other value under a secret key goes.
      const hide = isSecretKey(key) && item !== null && item !== undefined && item !== '' && typeof item !== 'boolean';
      copy[key] = hide ? REDACTED : redactValue(item, depth + 1, seen);
    }
    return copy;
  } catch {
    return '[unreadable]';
  } finally {
    seen.delete(value);
  }
}
