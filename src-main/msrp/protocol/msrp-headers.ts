import { MsrpHeaderError } from '../errors';
import type { HeaderCodec } from './headers/header-codec';

// RFC 4975 §9: hname = ALPHA *token-char; hval = utf8text (no CR/LF).
const HEADER_NAME_RE = /^[A-Za-z][A-Za-z0-9\-.!%*_+`'~]*$/;

/**
 * The ordered headers of one chunk: wire text kept verbatim (unknown headers too, in order), typed values
 * decoded lazily through a `HeaderCodec` and cached, so the hot path decodes only what it reads. Names are
 * matched case-insensitively and written back as given.
 */
export class MsrpHeaders {
  #names: string[] = [];
  #keys: string[] = [];
  #values: string[] = [];
  /** Decoded values by entry (parallel to the arrays above): no Map per chunk on the hot path. */
  #decoded: unknown[] = [];

  constructor(entries?: Iterable<readonly [string, string]>) {
    if (entries !== undefined) for (const [name, value] of entries) this.append(name, value);
  }

  /** Appends without validation: for the parser, which has already checked name and value. */
  static unchecked(names: string[], values: string[]): MsrpHeaders {
    const headers = new MsrpHeaders();
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      headers.#names.push(name);
      headers.#keys.push(name.toLowerCase());
      headers.#values.push(values[i] as string);
    }
    return headers;
  }

  /** Takes over the parser's arrays (`keys` are the lower-cased `names`): no copy, no check. */
  static parsed(names: string[], keys: string[], values: string[]): MsrpHeaders {
    const headers = new MsrpHeaders();
    headers.#names = names;
    headers.#keys = keys;
    headers.#values = values;
    return headers;
  }

  get size(): number {
    return this.#names.length;
  }

  #indexOf(key: string): number {
    return this.#keys.indexOf(key);
  }

  /** The raw text of the first header named `name`. */
  get(name: string): string | undefined {
    const i = this.#indexOf(keyOf(name));
    return i < 0 ? undefined : this.#values[i];
  }

  has(name: string): boolean {
    return this.#indexOf(keyOf(name)) >= 0;
  }

  /** Replaces the first header named `name` (dropping later ones) or appends it. */
  set(name: string, value: string): this {
    checkHeader(name, value);
    const key = name.toLowerCase();
    const i = this.#indexOf(key);
    if (i < 0) return this.#push(name, key, value);
    this.#values[i] = value;
    this.#decoded[i] = undefined;
    for (let j = this.#keys.length - 1; j > i; j--) if (this.#keys[j] === key) this.#remove(j);
    return this;
  }

  append(name: string, value: string): this {
    checkHeader(name, value);
    return this.#push(name, name.toLowerCase(), value);
  }

  delete(name: string): boolean {
    const key = name.toLowerCase();
    let removed = false;
    for (let j = this.#keys.length - 1; j >= 0; j--) {
      if (this.#keys[j] === key) {
        this.#remove(j);
        removed = true;
      }
    }
    return removed;
  }

  /** The typed value of `codec`'s header, decoded once; throws `MsrpHeaderError` (400) when malformed. */
  getDecoded<T>(codec: HeaderCodec<T>): T | undefined {
    const i = this.#indexOf(keyOf(codec.name));
    if (i < 0) return undefined;
    const cached = this.#decoded[i];
    if (cached !== undefined) return cached as T;
    const value = codec.decode(this.#values[i] as string);
    this.#decoded[i] = value;
    return value;
  }

  /** Sets `codec`'s header from a typed value (encoded now, cached for `getDecoded`). */
  setDecoded<T>(codec: HeaderCodec<T>, value: T): this {
    this.set(codec.name, codec.encode(value));
    this.#decoded[this.#indexOf(keyOf(codec.name))] = value;
    return this;
  }

  /**
   * The header lines as on the wire, in the order RFC 4975 §9 requires: To-Path, From-Path, the others as
   * given, Content-* with Content-Type last. Each line ends with CRLF.
   */
  encodeLines(): string {
    const names = this.#names;
    const keys = this.#keys;
    const values = this.#values;
    let toPath = '';
    let fromPath = '';
    let middle = '';
    let contentOther = '';
    let contentType = '';
    for (let i = 0; i < names.length; i++) {
      const line = `${names[i] as string}: ${values[i] as string}\r\n`;
      const key = keys[i] as string;
      if (key === 'to-path') toPath += line;
      else if (key === 'from-path') fromPath += line;
      else if (key.startsWith('content-')) {
        if (key === 'content-type') contentType += line;
        else contentOther += line;
      } else middle += line;
    }
    return toPath + fromPath + middle + contentOther + contentType;
  }

  /**
   * Appends a header whose text and typed value the caller vouches for (built from already-validated parts,
   * e.g. a transport's own paths): no syntax check, no encoding, and the decoded value is cached.
   */
  appendTrusted<T>(codec: HeaderCodec<T> | undefined, name: string, value: string, decoded?: T): this {
    this.#push(name, keyOf(name), value);
    if (codec !== undefined && decoded !== undefined) this.#decoded[this.#names.length - 1] = decoded;
    return this;
  }

  *entries(): IterableIterator<[string, string]> {
    for (let i = 0; i < this.#names.length; i++) yield [this.#names[i] as string, this.#values[i] as string];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  copy(): MsrpHeaders {
    const copy = MsrpHeaders.unchecked(this.#names, this.#values);
    copy.#decoded = this.#decoded.slice();
    return copy;
  }

  toJSON(): [string, string][] {
    return [...this.entries()];
  }

  #push(name: string, key: string, value: string): this {
    this.#names.push(name);
    this.#keys.push(key);
    this.#values.push(value);
    return this;
  }

  #remove(index: number): void {
    this.#names.splice(index, 1);
    this.#keys.splice(index, 1);
    this.#values.splice(index, 1);
    this.#decoded.splice(index, 1);
  }
}

// Lower-cased header names, kept for the names the code itself uses (a bounded set of literals): the hot
// paths look headers up by name for every chunk, and lower-casing allocates a string each time.
const KEYS = new Map<string, string>();

function keyOf(name: string): string {
  let key = KEYS.get(name);
  if (key === undefined) {
    key = name.toLowerCase();
    if (KEYS.size < 256) KEYS.set(name, key);
  }
  return key;
}

/** Refuses names and values that would break framing when encoded (RFC 4975 §9). */
function checkHeader(name: string, value: string): void {
  if (!HEADER_NAME_RE.test(name)) throw new MsrpHeaderError(name, 'invalid header name');
  if (/[\r\n]/.test(value)) throw new MsrpHeaderError(name, 'value contains CR or LF');
}
