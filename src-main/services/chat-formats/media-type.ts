import { malformed } from './chat-format-error';

/** A Content-Type value split per RFC 2045 §5.1: `type "/" subtype *( ";" parameter )`. */
export interface MediaType {
  /** `type/subtype`, lower case (media types compare case-insensitively). */
  readonly essence: string;
  /** Parameter names lower case; quoted values unquoted. */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function parseMediaType(value: string): MediaType {
  const [head = '', ...rest] = splitParams(value);
  const slash = head.indexOf('/');
  const type = head.slice(0, slash).trim();
  const subtype = head.slice(slash + 1).trim();
  if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype)) throw malformed(`not a media type: ${JSON.stringify(value.slice(0, 80))}`);
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name === '') continue;
    let v = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params[name] = v;
  }
  return { essence: `${type}/${subtype}`.toLowerCase(), params };
}

/** True for the bodies history stores as text: text/* (RFC 2046 §4.1) in UTF-8 or US-ASCII (or no charset). */
export function isTextMediaType(type: MediaType): boolean {
  if (!type.essence.startsWith('text/')) return false;
  const charset = type.params.charset?.toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii';
}

/** Splits on semicolons outside quoted strings. */
function splitParams(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i];
    if (c === '\\' && quoted) i += 1;
    else if (c === '"') quoted = !quoted;
    else if (c === ';' && !quoted) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}
