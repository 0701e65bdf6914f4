/**
 * CPIM header value escaping (RFC 3862 §3.1: `Escape = "\" ( "u" 4(HEXDIG) / "b" / "t" / "n" / "r" / DQUOTE / "'" /
 * "\" )`, and HEADERCHAR excludes control characters). Like the SIP SIMPLE client we write control characters
 * (U+0000–U+001F, U+007F) as `\uXXXX` and the backslash as `\\`, so a header value can never break a line.
 * Lone UTF-16 surrogates are written as `\uXXXX` too: UTF-8 cannot carry them, and this keeps escaping total.
 */

export function escapeCpimHeaderValue(value: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    let replacement: string | undefined;
    if (code < 0x20 || code === 0x7f) replacement = hex4(code);
    else if (code === 0x5c) replacement = '\\\\';
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      else replacement = hex4(code);
    } else if (code >= 0xdc00 && code <= 0xdfff) replacement = hex4(code);
    if (replacement === undefined) continue;
    out += value.slice(start, i) + replacement;
    start = i + 1;
  }
  return start === 0 ? value : out + value.slice(start);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', t: '\t', n: '\n', r: '\r', '"': '"', "'": "'", '\\': '\\' };

/**
 * Reverses escaping on receipt. An escape the grammar does not know (`\x`, `\u12`) is kept literally rather than
 * refused: peers that never escape a Windows path must still be readable.
 */
export function unescapeCpimHeaderValue(value: string): string {
  if (!value.includes('\\')) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const slash = value.indexOf('\\', i);
    if (slash < 0 || slash === value.length - 1) break;
    out += value.slice(i, slash);
    const kind = value[slash + 1] as string;
    const simple = SIMPLE_ESCAPES[kind];
    if (simple !== undefined) {
      out += simple;
      i = slash + 2;
    } else if (kind === 'u' && /^[0-9a-fA-F]{4}$/.test(value.slice(slash + 2, slash + 6))) {
      out += String.fromCharCode(Number.parseInt(value.slice(slash + 2, slash + 6), 16));
      i = slash + 6;
    } else {
      out += '\\';
      i = slash + 1;
    }
  }
  return out + value.slice(i);
}

function hex4(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}
