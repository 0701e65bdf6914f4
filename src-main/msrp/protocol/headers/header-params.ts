/**
 * Shared lexical pieces of header values: tokens, quoted-strings and `;name=value` / `, name=value`
 * parameter lists (RFC 4975 §9 borrows them from RFC 3261 §25.1 and RFC 2045 §5.1).
 */

// RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
export const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
// RFC 2045 §5.1: MIME token excludes tspecials ()<>@,;:\"/[]?= and controls
export const MIME_TOKEN_RE = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;

export function isToken(text: string): boolean {
  return TOKEN_RE.test(text);
}

/** RFC 3261 §25.1 quoted-string: `"` … `"` with `\` escaping `"` and `\`. */
export function quoteString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export interface ParamScan {
  readonly name: string;
  readonly value: string | undefined;
  readonly quoted: boolean;
}

/**
 * Scans `name[=value]` items separated by `separator` (`;` or `,`), values being tokens or quoted-strings
 * with escapes. Returns undefined on a syntax error. Whitespace around items and `=` is tolerated
 * (RFC 3261 §25.1 SEMI/COMMA/EQUAL allow LWS).
 */
export function scanParams(text: string, separator: ';' | ','): ParamScan[] | undefined {
  const out: ParamScan[] = [];
  let pos = 0;
  const n = text.length;
  const skipWs = (): void => {
    while (pos < n && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  };
  skipWs();
  if (pos === n) return out;
  for (;;) {
    skipWs();
    let end = pos;
    while (end < n && text[end] !== '=' && text[end] !== separator && text[end] !== ' ' && text[end] !== '\t') end++;
    const name = text.slice(pos, end);
    if (name.length === 0) return undefined;
    pos = end;
    skipWs();
    let value: string | undefined;
    let quoted = false;
    if (text[pos] === '=') {
      pos++;
      skipWs();
      if (text[pos] === '"') {
        quoted = true;
        pos++;
        let v = '';
        for (;;) {
          if (pos >= n) return undefined;
          const c = text[pos] as string;
          if (c === '\\') {
            if (pos + 1 >= n) return undefined;
            v += text[pos + 1];
            pos += 2;
          } else if (c === '"') {
            pos++;
            break;
          } else {
            v += c;
            pos++;
          }
        }
        value = v;
      } else {
        let vEnd = pos;
        while (vEnd < n && text[vEnd] !== separator && text[vEnd] !== ' ' && text[vEnd] !== '\t') vEnd++;
        value = text.slice(pos, vEnd);
        if (value.length === 0) return undefined;
        pos = vEnd;
      }
    }
    out.push({ name, value, quoted });
    skipWs();
    if (pos === n) return out;
    if (text[pos] !== separator) return undefined;
    pos++;
  }
}
