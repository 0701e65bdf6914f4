/** Something holding a resource (timer, listener, socket) that `dispose()` releases. Idempotent. */
export interface Disposable {
  dispose(): void;
}

export function toDisposable(release: () => void): Disposable {
  let released = false;
  return {
    dispose() {
      if (released) return;
      released = true;
      release();
    },
  };
}

/**
 * Collects disposables and releases them together, newest first (so a later resource that depends on an
 * earlier one goes first). Adding to a disposed store releases the newcomer at once, so nothing leaks
 * when a resource is created during shutdown. One failing release does not stop the others.
 */
export class DisposableStore implements Disposable {
  #items: Disposable[] = [];
  #disposed = false;

  get isDisposed(): boolean {
    return this.#disposed;
  }

  add<T extends Disposable>(item: T): T {
    if (this.#disposed) item.dispose();
    else this.#items.push(item);
    return item;
  }

  /** Registers a release function; returns it wrapped as a disposable (disposing it early also works). */
  addFunction(release: () => void): Disposable {
    return this.add(toDisposable(release));
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const items = this.#items.reverse();
    this.#items = [];
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several disposables failed to release');
  }
}
