/**
 * Runs async tasks one at a time, in submission order: read-modify-write cycles on one file never
 * interleave. A failed task does not stop the ones after it.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when everything submitted so far has finished. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
