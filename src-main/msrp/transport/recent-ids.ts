/**
 * The last `capacity` ids added, for "seen recently?" questions (late responses, duplicate chunks).
 * A ring of ids beside a Set: evicting the oldest is O(1). (Deleting a Set's first entry over and over is
 * not: V8 keeps the deleted slots until it rehashes, and finding the new first entry walks over them.)
 */
export class RecentIds {
  readonly #ring: (string | undefined)[];
  readonly #set = new Set<string>();
  #next = 0;

  constructor(capacity: number) {
    this.#ring = new Array<string | undefined>(Math.max(1, capacity)).fill(undefined);
  }

  has(id: string): boolean {
    return this.#set.has(id);
  }

  add(id: string): void {
    if (this.#set.has(id)) return;
    const evicted = this.#ring[this.#next];
    if (evicted !== undefined) this.#set.delete(evicted);
    this.#ring[this.#next] = id;
    this.#set.add(id);
    this.#next = (this.#next + 1) % this.#ring.length;
  }

  get size(): number {
    return this.#set.size;
  }
}
