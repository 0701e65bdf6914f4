/**
 * Accept-types matching (RFC 4975 §8.6 a=accept-types; §7.3.1: a SEND whose Content-Type is not accepted is
 * answered 415). Entries are `type/subtype`, `type/*` or `*`; matching is case-insensitive (RFC 2045 §5.1)
 * and ignores parameters.
 */
export class AcceptTypes {
  readonly #any: boolean;
  readonly #exact: Set<string>;
  readonly #prefixes: Set<string>;
  readonly entries: readonly string[];

  constructor(entries: readonly string[] = ['*']) {
    this.entries = Object.freeze([...entries]);
    const normalized = entries.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry.length > 0);
    this.#any = normalized.includes('*') || normalized.includes('*/*');
    this.#exact = new Set(normalized.filter((entry) => !entry.endsWith('/*') && entry !== '*'));
    this.#prefixes = new Set(normalized.filter((entry) => entry.endsWith('/*') && entry !== '*/*').map((entry) => entry.slice(0, -1)));
  }

  /** Whether a Content-Type value (`text/plain;charset=UTF-8`) is acceptable. */
  accepts(contentType: string): boolean {
    if (this.#any) return true;
    const semi = contentType.indexOf(';');
    const essence = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
    const slash = essence.indexOf('/');
    if (slash <= 0 || slash === essence.length - 1) return false;
    return this.#exact.has(essence) || this.#prefixes.has(essence.slice(0, slash + 1));
  }
}
