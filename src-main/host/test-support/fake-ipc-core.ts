import { err, ok, type EventEnvelope, type EventName, type Events, type Result } from '../../../src-shared';
import type { IpcCore } from '../../services/ipc/ipc-core';

/** A scriptable IpcCore for adapter unit tests: echoes `test.echo`, and lets the test emit events. */
export class FakeIpcCore implements IpcCore {
  readonly calls: { name: unknown; args: unknown }[] = [];
  #listeners = new Set<(event: EventEnvelope) => void>();
  #seq = 0;

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  async invoke(name: unknown, args: unknown): Promise<Result<unknown>> {
    this.calls.push({ name, args });
    if (name === 'test.echo') return ok(args);
    if (name === 'test.reject') throw new Error('broken core');
    return err('unknown-command', `unknown command ${String(name)}`);
  }

  subscribe(listener: (event: EventEnvelope) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<N extends EventName>(name: N, payload: Events[N]): EventEnvelope<N> {
    this.#seq += 1;
    const event: EventEnvelope<N> = { seq: this.#seq, name, payload };
    for (const listener of this.#listeners) listener(event);
    return event;
  }
}
