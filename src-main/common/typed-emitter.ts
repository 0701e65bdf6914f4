import { toDisposable, type Disposable } from './disposable';

export type EventMap = { readonly [name: string]: unknown };
export type Listener<T> = (payload: T) => void;

export interface TypedEmitterOptions {
  /**
   * Called when a listener throws. The other listeners still run either way. Without it, the first error
   * is rethrown from `emit` after every listener has run.
   */
  readonly onListenerError?: (error: unknown, eventName: string) => void;
}

/** One registration: the same function registered twice is two entries, removed one at a time. */
interface Entry {
  readonly listener: Listener<never>;
}

/**
 * An event emitter typed by an event map (`{ changed: State; problem: Problem }`): `on`/`once` return a
 * Disposable, `off` removes a listener. Listeners added during an emit are not called for that emit;
 * listeners removed during an emit are not called after their removal.
 */
export class TypedEmitter<Events extends EventMap> implements Disposable {
  readonly #entries = new Map<keyof Events, Set<Entry>>();
  readonly #onListenerError: ((error: unknown, eventName: string) => void) | undefined;
  #disposed = false;

  constructor(options: TypedEmitterOptions = {}) {
    this.#onListenerError = options.onListenerError;
  }

  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): Disposable {
    if (this.#disposed) return toDisposable(() => undefined);
    let set = this.#entries.get(name);
    if (set === undefined) {
      set = new Set();
      this.#entries.set(name, set);
    }
    const entry: Entry = { listener: listener as Listener<never> };
    set.add(entry);
    return toDisposable(() => this.#remove(name, entry));
  }

  once<K extends keyof Events>(name: K, listener: Listener<Events[K]>): Disposable {
    const registration = this.on(name, (payload) => {
      registration.dispose();
      listener(payload);
    });
    return registration;
  }

  /** Removes the earliest registration of `listener` for `name`. Prefer disposing what `on` returned. */
  off<K extends keyof Events>(name: K, listener: Listener<Events[K]>): void {
    const set = this.#entries.get(name);
    if (set === undefined) return;
    for (const entry of set) {
      if (entry.listener === listener) {
        this.#remove(name, entry);
        return;
      }
    }
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#entries.get(name);
    if (set === undefined) return;
    let firstError: { error: unknown } | undefined;
    for (const entry of [...set]) {
      if (!set.has(entry)) continue;
      try {
        (entry.listener as Listener<Events[K]>)(payload);
      } catch (error) {
        if (this.#onListenerError !== undefined) this.#onListenerError(error, String(name));
        else firstError ??= { error };
      }
    }
    if (firstError !== undefined) throw firstError.error;
  }

  listenerCount(name: keyof Events): number {
    return this.#entries.get(name)?.size ?? 0;
  }

  /** Drops every listener; later `on` calls register nothing. */
  dispose(): void {
    this.#disposed = true;
    this.#entries.clear();
  }

  #remove(name: keyof Events, entry: Entry): void {
    const set = this.#entries.get(name);
    if (set === undefined) return;
    set.delete(entry);
    if (set.size === 0) this.#entries.delete(name);
  }
}
