import { percentDecode, percentEncode } from './percent-encoding';
import { SdpError } from './sdp-error';
import { isToken } from './sdp-grammar';

/** `type:<type>/<subtype>;<attribute>=<value>...` (RFC 5547 §9 filetype-selector); values are decoded text. */
export interface FileSelectorType {
  /** `type/subtype`, as written. */
  readonly mediaType: string;
  readonly parameters: readonly { readonly name: string; readonly value: string }[];
}

/** `hash:<algorithm>:<hex pairs>` (RFC 5547 §9 hash-selector); `value` is uppercase pairs joined by ":". */
export interface FileSelectorHash {
  /** IANA hash function textual name, lowercase (`sha-1`). */
  readonly algorithm: string;
  readonly value: string;
}

/** The RFC 5547 §5 file selector: what identifies the file of a file-transfer stream. */
export interface FileSelector {
  /** The file name, decoded; never contains a path in what we send (the services layer strips it). */
  readonly name: string | undefined;
  readonly type: FileSelectorType | undefined;
  readonly size: number | undefined;
  readonly hashes: readonly FileSelectorHash[];
}

const FAIL = 'sdp/bad-file-selector';
const UHEX_PAIRS_RE = /^[0-9A-F]{2}(?::[0-9A-F]{2})*$/;

function fail(message: string): SdpError {
  return new SdpError(FAIL, 400, `file-selector: ${message}`);
}

/**
 * RFC 5547 §9 filename-char = %x01-09 / %x0B-0C / %x0E-21 / %x23-24 / %x26-FF: everything but NUL, CR, LF,
 * DQUOTE and "%", which travel percent-encoded.
 */
function isFilenameChar(char: string): boolean {
  return !/[\0\r\n"%]/.test(char);
}

/** RFC 5547 §9 ft-token: an RFC 2045 token character except "%". */
function isFtTokenChar(char: string): boolean {
  return /^[!#$&'*+\-.0-9A-Z^_`a-z{|}~]$/.test(char);
}

/** Formats the value of `a=file-selector` (RFC 5547 §9): `name:"…" type:… size:… hash:…`, in that order. */
export function formatFileSelector(selector: FileSelector): string {
  const parts: string[] = [];
  if (selector.name !== undefined) {
    if (selector.name.length === 0) throw fail('empty file name');
    // A lone surrogate has no UTF-8 form: the name could not travel intact.
    if (/[\uD800-\uDFFF]/u.test(selector.name)) throw fail('file name is not well-formed Unicode');
    parts.push(`name:"${percentEncode(selector.name, isFilenameChar)}"`);
  }
  if (selector.type !== undefined) parts.push(`type:${formatType(selector.type)}`);
  if (selector.size !== undefined) {
    if (!Number.isSafeInteger(selector.size) || selector.size < 0) throw fail(`size ${selector.size}`);
    parts.push(`size:${selector.size}`);
  }
  for (const hash of selector.hashes) {
    if (!isToken(hash.algorithm) || !UHEX_PAIRS_RE.test(hash.value)) throw fail(`hash ${hash.algorithm}`);
    parts.push(`hash:${hash.algorithm}:${hash.value}`);
  }
  return parts.join(' ');
}

function formatType(type: FileSelectorType): string {
  const [major, minor, extra] = type.mediaType.split('/');
  if (major === undefined || minor === undefined || extra !== undefined || !isToken(major) || !isToken(minor)) {
    throw fail(`type ${JSON.stringify(type.mediaType)}`);
  }
  const params = type.parameters.map((param) => {
    if (!isToken(param.name) || param.name.includes('%') || param.value.length === 0 || /[\uD800-\uDFFF]/u.test(param.value)) {
      throw fail(`type parameter ${param.name}`);
    }
    return `;${param.name}=${percentEncode(param.value, isFtTokenChar)}`;
  });
  return `${type.mediaType}${params.join('')}`;
}

/**
 * Parses the value of `a=file-selector` (RFC 5547 §9). Selectors are separated by spaces (runs tolerated);
 * name, type and size appear at most once; unknown selectors are refused (the grammar has no extension point).
 * Lowercase hash digits are accepted and normalized to uppercase; the SIP SIMPLE client's old `sha1` spelling
 * becomes `sha-1`.
 */
export function parseFileSelector(value: string): FileSelector {
  let name: string | undefined;
  let type: FileSelectorType | undefined;
  let size: number | undefined;
  const hashes: FileSelectorHash[] = [];
  let i = 0;
  const seen = new Set<string>();
  while (i < value.length) {
    if (value[i] === ' ') {
      i++;
      continue;
    }
    const colon = value.indexOf(':', i);
    if (colon < 0) throw fail(`selector without ":" at ${i}`);
    const key = value.slice(i, colon);
    if (key !== 'hash') {
      if (seen.has(key)) throw fail(`repeated ${key}`);
      seen.add(key);
    }
    if (key === 'name') {
      // The name is quoted and may contain spaces; it ends at the next DQUOTE (DQUOTE inside is %22).
      if (value[colon + 1] !== '"') throw fail('name not quoted');
      const close = value.indexOf('"', colon + 2);
      if (close < 0) throw fail('unterminated name');
      const raw = value.slice(colon + 2, close);
      if (raw.length === 0) throw fail('empty name');
      name = percentDecode(raw, FAIL);
      i = close + 1;
      if (i < value.length && value[i] !== ' ') throw fail('junk after name');
      continue;
    }
    const end = value.indexOf(' ', colon);
    const text = value.slice(colon + 1, end < 0 ? value.length : end);
    i = end < 0 ? value.length : end;
    switch (key) {
      case 'type':
        type = parseType(text);
        break;
      case 'size':
        // RFC 5547 §9 filesize-value = integer (RFC 4566); "0" accepted for empty files.
        if (!/^[0-9]{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) throw fail(`size ${JSON.stringify(text)}`);
        size = Number(text);
        break;
      case 'hash':
        hashes.push(parseHash(text));
        break;
      default:
        throw fail(`unknown selector ${JSON.stringify(key)}`);
    }
  }
  if (name === undefined && type === undefined && size === undefined && hashes.length === 0) throw fail('no selector');
  return { name, type, size, hashes };
}

function parseType(text: string): FileSelectorType {
  const [mediaType, ...params] = text.split(';');
  const [major, minor, extra] = (mediaType ?? '').split('/');
  if (major === undefined || minor === undefined || extra !== undefined || !isToken(major) || !isToken(minor)) {
    throw fail(`type ${JSON.stringify(text)}`);
  }
  const parameters = params.map((param) => {
    const eq = param.indexOf('=');
    const paramName = eq < 0 ? '' : param.slice(0, eq);
    const paramValue = eq < 0 ? '' : param.slice(eq + 1);
    if (!isToken(paramName) || paramValue.length === 0 || ![...paramValue].every((c) => c === '%' || isFtTokenChar(c))) {
      throw fail(`type parameter ${JSON.stringify(param)}`);
    }
    return { name: paramName, value: percentDecode(paramValue, FAIL) };
  });
  return { mediaType: `${major}/${minor}`, parameters };
}

function parseHash(text: string): FileSelectorHash {
  const colon = text.indexOf(':');
  const algorithmText = colon < 0 ? '' : text.slice(0, colon).toLowerCase();
  const hex = colon < 0 ? '' : text.slice(colon + 1).toUpperCase();
  if (!isToken(algorithmText) || !UHEX_PAIRS_RE.test(hex)) throw fail(`hash ${JSON.stringify(text)}`);
  const algorithm = algorithmText === 'sha1' ? 'sha-1' : algorithmText;
  // RFC 5547 §9 hash-algorithm per the IANA registry: sha-1 is 20 octets; others are kept unchecked.
  if (algorithm === 'sha-1' && hex.length !== 20 * 3 - 1) throw fail('sha-1 hash must have 20 octets');
  return { algorithm, value: hex };
}

/** Formats digest octets as RFC 5547 §9 hash-value: uppercase hex pairs joined by ":". */
export function formatHashValue(digest: Uint8Array): string {
  return Array.from(digest, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(':');
}
