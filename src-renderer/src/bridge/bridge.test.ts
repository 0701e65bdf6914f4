import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, type AccountsState, type EventEnvelope } from '../../../src-shared';
import { createMirrorStores } from '../stores/mirror-stores';
import { FakeAdapter, flushPromises } from '../test-support/fake-adapter';
import { accountsState, sipAccount, snapshot } from '../test-support/fixtures';
import { createBridge } from './bridge';

function accountsChanged(seq: number, state: AccountsState): EventEnvelope {
  return { seq, name: 'accounts.changed', payload: state };
}

function problem(seq: number, message: string): EventEnvelope {
  return { seq, name: 'app.storageProblem', payload: { file: 'accounts', message } };
}

const one = accountsState(sipAccount({ id: 'one' as never }));
const two = accountsState(sipAccount({ id: 'one' as never }), sipAccount({ id: 'two' as never }));

function ids(bridge: ReturnType<typeof createBridge>): string[] {
  return bridge.mirror.accounts.getState().accounts.map((account) => account.id);
}

describe('bridge: subscribe, snapshot, replay', () => {
  it('subscribes to every event before it asks for the snapshot', () => {
    const adapter = new FakeAdapter();
    createBridge(adapter);
    expect(adapter.listenerCount).toBe(Object.keys(EVENT_NAMES).length);
    expect(adapter.calls.map((call) => call.name)).toEqual(['app.getSnapshot']);
  });

  it('buffers events that arrive before the snapshot and applies only those newer than it, in order', async () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter);
    adapter.emit(problem(12, 'late'));
    adapter.emit(accountsChanged(10, one)); // already in the snapshot
    adapter.emit(problem(11, 'early'));
    expect(bridge.mirror.accounts.getState().loaded).toBe(false);
    adapter.answerSnapshot(snapshot(10, one));
    await bridge.whenSynced();
    expect(ids(bridge)).toEqual(['lan', 'one']);
    expect(bridge.mirror.app.getState().storageProblems.map((p) => p.message)).toEqual(['early', 'late']);
    expect(bridge.mirror.app.getState().seq).toBe(12);
  });

  it('drops duplicates once live', async () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter);
    adapter.answerSnapshot(snapshot(5));
    await bridge.whenSynced();
    adapter.emit(problem(6, 'first'));
    adapter.emit(problem(6, 'first again'));
    adapter.emit(problem(4, 'old'));
    expect(bridge.mirror.app.getState().storageProblems.map((p) => p.message)).toEqual(['first']);
  });

  it('fetches a new snapshot when a gap shows that events were lost, keeping the event that revealed it', async () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter);
    adapter.answerSnapshot(snapshot(5));
    await flushPromises();
    adapter.emit(accountsChanged(8, two)); // 6 and 7 never came
    expect(ids(bridge)).toEqual(['lan']);
    expect(adapter.snapshotRequests).toHaveLength(1);
    adapter.answerSnapshot(snapshot(7, one));
    await bridge.whenSynced();
    expect(ids(bridge)).toEqual(['lan', 'one', 'two']);
    expect(bridge.mirror.app.getState().seq).toBe(8);
  });

  it('asks again when buffered events leave a gap behind the snapshot', async () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter);
    adapter.emit(accountsChanged(9, two));
    adapter.answerSnapshot(snapshot(7, one)); // 8 is missing
    await flushPromises();
    expect(adapter.snapshotRequests).toHaveLength(1);
    adapter.answerSnapshot(snapshot(9, two));
    await bridge.whenSynced();
    expect(ids(bridge)).toEqual(['lan', 'one', 'two']);
  });

  it('re-snapshots after a reconnect, accepting a lower seq from a restarted core', async () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter);
    adapter.answerSnapshot(snapshot(40, two));
    await bridge.whenSynced();
    adapter.setConnection('disconnected');
    expect(bridge.mirror.app.getState().connection).toBe('disconnected');
    adapter.setConnection('connected');
    adapter.answerSnapshot(snapshot(2, one));
    await bridge.whenSynced();
    expect(ids(bridge)).toEqual(['lan', 'one']);
    adapter.emit(problem(3, 'after restart'));
    expect(bridge.mirror.app.getState().storageProblems.map((p) => p.message)).toEqual(['after restart']);
  });

  it('waits for the connection before the first snapshot', async () => {
    const adapter = new FakeAdapter('connecting');
    const bridge = createBridge(adapter);
    expect(adapter.calls).toHaveLength(0);
    expect(bridge.mirror.app.getState().connection).toBe('connecting');
    adapter.setConnection('connected');
    expect(adapter.calls.map((call) => call.name)).toEqual(['app.getSnapshot']);
  });

  it('retries the snapshot after an error answer', async () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter, { snapshotRetryMs: 1 });
    adapter.answerSnapshot({ ok: false, error: { code: 'internal', message: 'boom' } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(adapter.snapshotRequests).toHaveLength(1);
    adapter.answerSnapshot(snapshot(1, one));
    await bridge.whenSynced();
    expect(ids(bridge)).toEqual(['lan', 'one']);
  });
});

describe('bridge: the only writer', () => {
  it('hands components a mirror without setState', () => {
    const bridge = createBridge(new FakeAdapter());
    expect('setState' in bridge.mirror.accounts).toBe(false);
    expect('setState' in bridge.mirror.app).toBe(false);
  });

  it('writes the stores it was given and nothing else does during a command', async () => {
    const stores = createMirrorStores();
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter, { stores });
    adapter.answerSnapshot(snapshot(1));
    await bridge.whenSynced();
    adapter.answer = () => ({ ok: true, value: sipAccount() });
    const result = await bridge.commands.invoke('accounts.add', sipAccount().settings);
    expect(result.ok).toBe(true);
    // No optimistic write: the account appears only with main's event.
    expect(stores.accounts.getState().accounts).toHaveLength(1);
    adapter.emit(accountsChanged(2, one));
    expect(stores.accounts.getState().accounts).toHaveLength(2);
  });

  it('turns a throwing adapter into an error result', async () => {
    const adapter = new FakeAdapter();
    adapter.answer = () => {
      throw new Error('broken');
    };
    const bridge = createBridge(adapter);
    const result = await bridge.commands.invoke('accounts.remove', 'x' as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('unsubscribes and disposes the adapter', () => {
    const adapter = new FakeAdapter();
    createBridge(adapter).dispose();
    expect(adapter.listenerCount).toBe(0);
    expect(adapter.disposed).toBe(true);
  });
});
