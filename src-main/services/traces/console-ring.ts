import type { ConsoleEntry } from '../../../src-shared';

/** A fixed-size ring of console entries: the newest `capacity` are kept, older ones counted as dropped. */
export class ConsoleRing {
  #items: (ConsoleEntry | undefined)[];
  #start = 0;
  #size = 0;
  #dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('The console ring needs a capacity of at least 1.');
    this.#items = new Array<ConsoleEntry | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Entries pushed out since the start or the last clear. */
  get dropped(): number {
    return this.#dropped;
  }

  push(entry: ConsoleEntry): void {
    if (this.#size < this.capacity) {
      this.#items[(this.#start + this.#size) % this.capacity] = entry;
      this.#size += 1;
      return;
    }
    this.#items[this.#start] = entry;
    this.#start = (this.#start + 1) % this.capacity;
    this.#dropped += 1;
  }

  /** Oldest first. */
  toArray(): ConsoleEntry[] {
    const out: ConsoleEntry[] = [];
    for (let index = 0; index < this.#size; index += 1) out.push(this.#items[(this.#start + index) % this.capacity] as ConsoleEntry);
    return out;
  }

  clear(): void {
    this.#items = new Array<ConsoleEntry | undefined>(this.capacity);
    this.#start = 0;
    this.#size = 0;
    this.#dropped = 0;
  }
}
