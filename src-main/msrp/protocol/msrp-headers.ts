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
  readonly #names: string[] = [];
  readonly #keys: string[] = [];
  readonly #values: string[] = [];
  #decoded: Map<string, unknown> | undefined;

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

  get size(): number {
    return this.#names.length;
  }

  #indexOf(key: string): number {
    return this.#keys.indexOf(key);
  }

  /** The raw text of the first header named `name`. */
  get(name: string): string | undefined {
    const i = this.#indexOf(name.toLowerCase());
    return i < 0 ? undefined : this.#values[i];
  }

  has(name: string): boolean {
    return this.#indexOf(name.toLowerCase()) >= 0;
  }

  /** Replaces the first header named `name` (dropping later ones) or appends it. */
  set(name: string, value: string): this {
    checkHeader(name, value);
    const key = name.toLowerCase();
    const i = this.#indexOf(key);
    if (i < 0) return this.#push(name, key, value);
    this.#values[i] = value;
    for (let j = this.#keys.length - 1; j > i; j--) if (this.#keys[j] === key) this.#remove(j);
    this.#decoded?.delete(key);
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
    this.#decoded?.delete(key);
    return removed;
  }

  /** The typed value of `codec`'s header, decoded once; throws `MsrpHeaderError` (400) when malformed. */
  getDecoded<T>(codec: HeaderCodec<T>): T | undefined {
    const key = codec.name.toLowerCase();
    const cached = this.#decoded?.get(key);
    if (cached !== undefined) return cached as T;
    const i = this.#indexOf(key);
    if (i < 0) return undefined;
    const value = codec.decode(this.#values[i] as string);
    (this.#decoded ??= new Map()).set(key, value);
    return value;
  }

  /** Sets `codec`'s header from a typed value (encoded now, cached for `getDecoded`). */
  setDecoded<T>(codec: HeaderCodec<T>, value: T): this {
    this.set(codec.name, codec.encode(value));
    (this.#decoded ??= new Map()).set(codec.name.toLowerCase(), value);
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
    if (this.#decoded !== undefined) copy.#decoded = new Map(this.#decoded);
    return copy;
  }

  toJSON(): [string, string][] {
    return [...this.entries()];
  }

  #push(name: string, key: string, value: string): this {
    this.#names.push(name);
    this.#keys.push(key);
    this.#values.push(value);
    this.#decoded?.delete(key);
    return this;
  }

  #remove(index: number): void {
    this.#names.splice(index, 1);
    this.#keys.splice(index, 1);
    this.#values.splice(index, 1);
  }
}

/** Refuses names and values that would break framing when encoded (RFC 4975 §9). */
function checkHeader(name: string, value: string): void {
  if (!HEADER_NAME_RE.test(name)) throw new MsrpHeaderError(name, 'invalid header name');
  if (/[\r\n]/.test(value)) throw new MsrpHeaderError(name, 'value contains CR or LF');
}
