import type { AppSnapshot, CommandArgs, CommandName, CommandResult, EventEnvelope, EventName, Events } from '../../../src-shared';
import type { AdapterHandle } from '../bridge/adapter-handle';
import { clientFailure, DISCONNECTED_MESSAGE, type ClientResult } from '../bridge/client-result';
import type { ConnectionState } from '../stores/app-store';

type AnyListener = (payload: unknown, seq: number) => void;

/**
 * An adapter the test steers by hand: snapshot requests wait until the test answers them, events and
 * connection changes are pushed explicitly, and every invoke is recorded.
 */
export class FakeAdapter implements AdapterHandle {
  readonly kind = 'web';
  readonly calls: { name: CommandName; args: unknown[] }[] = [];
  readonly snapshotRequests: ((result: ClientResult<AppSnapshot>) => void)[] = [];
  /** Answers for commands other than app.getSnapshot. */
  answer: (name: CommandName, args: unknown[]) => ClientResult<unknown> = () => ({ ok: true, value: null });
  disposed = false;
  #listeners = new Map<EventName, Set<AnyListener>>();
  #stateListeners = new Set<(state: ConnectionState) => void>();
  #state: ConnectionState;

  constructor(initial: ConnectionState = 'connected') {
    this.#state = initial;
  }

  invoke<N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<ClientResult<CommandResult<N>>> {
    this.calls.push({ name, args });
    return this.#respond(name, args) as Promise<ClientResult<CommandResult<N>>>;
  }

  on<N extends EventName>(name: N, listener: (payload: Events[N], seq: number) => void): () => void {
    const set = this.#listeners.get(name) ?? new Set();
    this.#listeners.set(name, set);
    set.add(listener as AnyListener);
    return () => set.delete(listener as AnyListener);
  }

  #respond(name: CommandName, args: unknown[]): Promise<ClientResult<unknown>> {
    if (this.#state !== 'connected') return Promise.resolve(clientFailure('disconnected', DISCONNECTED_MESSAGE));
    if (name === 'app.getSnapshot') {
      return new Promise((resolve) => this.snapshotRequests.push(resolve));
    }
    return Promise.resolve(this.answer(name, args));
  }

  onConnectionState(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    listener(this.#state);
    return () => this.#stateListeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
  }

  get listenerCount(): number {
    return [...this.#listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }

  emit(event: EventEnvelope): void {
    for (const listener of this.#listeners.get(event.name) ?? []) listener(event.payload, event.seq);
  }

  setConnection(state: ConnectionState): void {
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }

  /** Answers the oldest open snapshot request. */
  answerSnapshot(value: AppSnapshot | ClientResult<AppSnapshot>): void {
    const resolve = this.snapshotRequests.shift();
    if (resolve === undefined) throw new Error('no snapshot request is waiting');
    resolve('ok' in value ? value : { ok: true, value });
  }
}

export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
