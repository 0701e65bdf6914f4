import { describe, expect, it } from 'vitest';
import type { CommandName, EventEnvelope, TransferId, TransfersState, TransferView } from '../../../src-shared';
import { FakeAdapter, flushPromises } from '../test-support/fake-adapter';
import { snapshot, transferView } from '../test-support/fixtures';
import type { ClientResult } from './client-result';
import { createBridge } from './bridge';

function changed(seq: number, view: TransferView): EventEnvelope {
  return { seq, name: 'transfers.changed', payload: view };
}

/** An adapter whose `transfers.list` answer the test releases by hand. */
function steeredList() {
  const adapter = new FakeAdapter();
  const answers: ((result: ClientResult<TransfersState>) => void)[] = [];
  const original = adapter.invoke.bind(adapter);
  adapter.invoke = ((name: CommandName, ...args: unknown[]) => {
    if (name !== 'transfers.list') return (original as (name: CommandName, ...args: unknown[]) => Promise<unknown>)(name, ...args);
    adapter.calls.push({ name, args });
    return new Promise((resolve) => answers.push(resolve as (result: ClientResult<TransfersState>) => void));
  }) as FakeAdapter['invoke'];
  return { adapter, answers };
}

describe('transfers loader', () => {
  it('fetches the list after the snapshot and replays only the events newer than it', async () => {
    const { adapter, answers } = steeredList();
    const bridge = createBridge(adapter);
    adapter.answerSnapshot(snapshot(5));
    await bridge.whenSynced();
    expect(adapter.calls.filter((call) => call.name === 'transfers.list')).toHaveLength(1);
    const a = transferView({ id: 'a' as TransferId, bytes: 100 });
    // Two events while the list is out: one it already holds (seq 6 ≤ 7), one after it (seq 8).
    adapter.emit(changed(6, { ...a, bytes: 50 }));
    adapter.emit(changed(7, { ...a, bytes: 100 }));
    adapter.emit(changed(8, { ...a, bytes: 700 }));
    answers.shift()?.({ ok: true, value: { seq: 7, transfers: [a] } });
    await flushPromises();
    const state = bridge.mirror.transfers.getState();
    expect(state.loaded).toBe(true);
    expect(state.transfers.map((view) => view.bytes)).toEqual([700]);
    adapter.emit(changed(9, { ...a, state: 'completed', bytes: 2_000_000 }));
    expect(bridge.mirror.transfers.getState().transfers[0]?.state).toBe('completed');
  });

  it('keeps the mirror unloaded when main cannot answer, and asks again on the next snapshot', async () => {
    const { adapter, answers } = steeredList();
    const bridge = createBridge(adapter);
    adapter.answerSnapshot(snapshot(1));
    await bridge.whenSynced();
    answers.shift()?.({ ok: false, error: { code: 'unavailable', message: 'shutting down' } });
    await flushPromises();
    expect(bridge.mirror.transfers.getState().loaded).toBe(false);
    adapter.setConnection('disconnected');
    adapter.setConnection('connected');
    adapter.answerSnapshot(snapshot(1));
    await bridge.whenSynced();
    await flushPromises();
    expect(adapter.calls.filter((call) => call.name === 'transfers.list')).toHaveLength(2);
  });
});
