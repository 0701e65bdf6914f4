import { describe, expect, it } from 'vitest';
import type { AccountId, ChatMessageView, EventEnvelope } from '../../../src-shared';
import { createMirrorStores } from '../stores/mirror-stores';
import { chatMessage } from '../test-support/chat-fixtures';
import { FakeAdapter, flushPromises } from '../test-support/fake-adapter';
import { snapshot } from '../test-support/fixtures';
import { createBridge } from './bridge';
import { EventBatcher, type FlushScheduler } from './event-batcher';

const ACC = 'acc-1' as AccountId;
const BOB = 'sip:bob@example.org';

/** A frame clock the test advances by hand. */
class ManualFrames {
  #pending: (() => void)[] = [];
  readonly schedule: FlushScheduler = (flush) => {
    this.#pending.push(flush);
    return () => {
      this.#pending = this.#pending.filter((waiting) => waiting !== flush);
    };
  };

  get scheduled(): number {
    return this.#pending.length;
  }

  frame(): void {
    const due = this.#pending;
    this.#pending = [];
    for (const flush of due) flush();
  }
}

function changed(seq: number, message: ChatMessageView): EventEnvelope {
  return { seq, name: 'chat.messageChanged', payload: message };
}

function problem(seq: number, message: string): EventEnvelope {
  return { seq, name: 'app.storageProblem', payload: { file: 'accounts', message } };
}

async function batchedBridge() {
  const frames = new ManualFrames();
  const stores = createMirrorStores();
  const adapter = new FakeAdapter();
  adapter.answer = (name) => (name === 'history.page' ? { ok: true, value: { messages: [], next: null } } : { ok: true, value: null });
  const bridge = createBridge(adapter, { stores, scheduleFlush: frames.schedule });
  adapter.answerSnapshot(snapshot(10));
  await bridge.whenSynced();
  await flushPromises();
  return { frames, stores, adapter, bridge };
}

describe('EventBatcher', () => {
  it('queues events until the frame, in order, scheduling one flush at a time', () => {
    const frames = new ManualFrames();
    const applied: number[][] = [];
    const batcher = new EventBatcher((events) => applied.push(events.map((event) => event.seq)), frames.schedule);
    batcher.add([problem(1, 'a')]);
    batcher.add([problem(2, 'b'), problem(3, 'c')]);
    expect(applied).toEqual([]);
    expect(frames.scheduled).toBe(1);
    frames.frame();
    expect(applied).toEqual([[1, 2, 3]]);
    batcher.add([]);
    expect(frames.scheduled).toBe(0);
  });

  it('flushes at once on request and cancels the frame it had asked for', () => {
    const frames = new ManualFrames();
    const applied: number[][] = [];
    const batcher = new EventBatcher((events) => applied.push(events.map((event) => event.seq)), frames.schedule);
    batcher.add([problem(1, 'a')]);
    batcher.flush();
    expect(applied).toEqual([[1]]);
    expect(frames.scheduled).toBe(0);
    batcher.add([problem(2, 'b')]);
    batcher.dispose();
    frames.frame();
    expect(applied).toEqual([[1]]);
  });

  it('applies at once without a scheduler', () => {
    const applied: number[] = [];
    const batcher = new EventBatcher((events) => applied.push(...events.map((event) => event.seq)), null);
    batcher.add([problem(1, 'a')]);
    expect(applied).toEqual([1]);
  });
});

describe('bridge: events written once per frame', () => {
  it('writes a burst in one update per store, in event order', async () => {
    const { frames, stores, adapter, bridge } = await batchedBridge();
    await bridge.chat.open(ACC, BOB);
    const notified = { conversations: 0, pages: 0, app: 0 };
    stores.conversations.subscribe(() => (notified.conversations += 1));
    stores.conversationPages.subscribe(() => (notified.pages += 1));
    stores.app.subscribe(() => (notified.app += 1));
    for (let index = 1; index <= 50; index += 1) adapter.emit(changed(10 + index, chatMessage({ id: `m${String(index).padStart(2, '0')}`, timestamp: index })));
    expect(stores.conversationPages.getState().messages).toHaveLength(0);
    frames.frame();
    expect(notified).toEqual({ conversations: 1, pages: 1, app: 1 });
    const messages = stores.conversationPages.getState().messages;
    expect(messages.map((m) => m.id)).toEqual(Array.from({ length: 50 }, (_, index) => `m${String(50 - index).padStart(2, '0')}`));
    expect(stores.conversations.getState().conversations[0]).toMatchObject({ unread: 50, lastMessage: { id: 'm50' } });
    expect(stores.app.getState().seq).toBe(60);
  });

  it('keeps the order between typing and messages within one frame', async () => {
    const { frames, stores, adapter } = await batchedBridge();
    const composing = (seq: number, state: 'active' | 'idle'): EventEnvelope => ({ seq, name: 'chat.composing', payload: { accountId: ACC, conversation: BOB, remoteUri: BOB, state } });
    adapter.emit(composing(11, 'active'));
    adapter.emit(changed(12, chatMessage({ id: 'x' })));
    frames.frame();
    expect(stores.composing.getState().active).toEqual({});
    adapter.emit(changed(13, chatMessage({ id: 'y', timestamp: 2_000 })));
    adapter.emit(composing(14, 'active'));
    frames.frame();
    expect(Object.keys(stores.composing.getState().active)).toEqual([`acc-1 ${BOB}`]);
  });

  it('writes the events queued before a snapshot first, then the snapshot, then the events buffered behind it', async () => {
    const { frames, stores, adapter } = await batchedBridge();
    adapter.emit(problem(11, 'before the gap'));
    adapter.emit(problem(14, 'reveals the gap')); // 12 and 13 were lost
    expect(adapter.snapshotRequests).toHaveLength(1);
    adapter.emit(problem(15, 'after the gap'));
    // The snapshot (seq 13) already holds 11's problem and 12's, 13's; 14 and 15 are newer.
    const fresh = { ...snapshot(13), storageProblems: [{ file: 'accounts' as const, message: 'before the gap' }, { file: 'accounts' as const, message: 'in the gap' }] };
    adapter.answerSnapshot(fresh);
    await flushPromises();
    expect(stores.app.getState().storageProblems.map((p) => p.message)).toEqual(['before the gap', 'in the gap', 'reveals the gap', 'after the gap']);
    expect(stores.app.getState().seq).toBe(15);
    // Nothing left for the frame to write twice.
    frames.frame();
    expect(stores.app.getState().storageProblems).toHaveLength(4);
  });

  it('drops duplicates and asks for a snapshot on a gap, as without batching', async () => {
    const { frames, stores, adapter } = await batchedBridge();
    adapter.emit(problem(11, 'one'));
    adapter.emit(problem(11, 'one again'));
    adapter.emit(problem(9, 'old'));
    frames.frame();
    expect(stores.app.getState().storageProblems.map((p) => p.message)).toEqual(['one']);
    adapter.emit(problem(13, 'after a lost one'));
    frames.frame();
    expect(stores.app.getState().storageProblems.map((p) => p.message)).toEqual(['one']);
    expect(adapter.snapshotRequests).toHaveLength(1);
  });

  it('writes the events that came before a command answer before the caller sees it', async () => {
    const { stores, adapter, bridge } = await batchedBridge();
    await bridge.chat.open(ACC, BOB);
    adapter.answer = (name) => {
      // main stored the message, then answered: its event is on the channel ahead of the answer.
      if (name === 'history.markRead') adapter.emit(changed(11, chatMessage({ id: 'n1' })));
      return { ok: true, value: { marked: 1 } };
    };
    await bridge.chat.markRead(ACC, BOB);
    // The answer's "read" lands on the message the event brought, not before it.
    expect(stores.conversationPages.getState().messages.map((m) => [m.id, m.read])).toEqual([['n1', true]]);
    expect(stores.conversations.getState().conversations[0]?.unread).toBe(0);
  });

  it('writes nothing after it was disposed', async () => {
    const { frames, stores, adapter, bridge } = await batchedBridge();
    adapter.emit(problem(11, 'late'));
    bridge.dispose();
    frames.frame();
    expect(stores.app.getState().storageProblems).toEqual([]);
  });
});
