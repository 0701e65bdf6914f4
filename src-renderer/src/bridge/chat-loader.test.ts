import { describe, expect, it } from 'vitest';
import type { AccountId, ChatMessageView, CommandName, ConversationsPage, HistoryPageQuery, HistoryPageView } from '../../../src-shared';
import { chatMessage, conversationView } from '../test-support/chat-fixtures';
import { FakeAdapter, flushPromises } from '../test-support/fake-adapter';
import { snapshot } from '../test-support/fixtures';
import { createBridge } from './bridge';
import type { ClientResult } from './client-result';

const ACC = 'acc-1' as AccountId;
const BOB = 'sip:bob@example.org';

function changed(seq: number, message: ChatMessageView) {
  return { seq, name: 'chat.messageChanged' as const, payload: message };
}

/** Bob's conversation of `count` messages m1 … m<count> (m<count> newest), paged by `size` like main. */
function pager(count: number, size: number) {
  const all = Array.from({ length: count }, (_, index) => chatMessage({ id: `m${String(index + 1).padStart(3, '0')}`, timestamp: index + 1, read: true }));
  return (query: HistoryPageQuery): HistoryPageView => {
    const newestFirst = [...all].reverse().filter((m) => query.before === null || m.timestamp < query.before.timestamp);
    const messages = newestFirst.slice(0, size);
    const last = messages.at(-1);
    return { messages, next: newestFirst.length > size && last !== undefined ? { timestamp: last.timestamp, id: last.id } : null };
  };
}

async function syncedBridge(answer: (name: CommandName, args: unknown[]) => ClientResult<unknown>) {
  const adapter = new FakeAdapter();
  adapter.answer = answer;
  const bridge = createBridge(adapter);
  adapter.answerSnapshot(snapshot(10));
  await bridge.whenSynced();
  await flushPromises();
  return { adapter, bridge };
}

describe('chat loader', () => {
  it('fetches the conversations after the snapshot, and replays messages that arrived while the answer was on its way', async () => {
    const listed: ConversationsPage = { conversations: [conversationView(chatMessage({ id: 'b1', timestamp: 10 }))], next: null };
    let adapterRef: FakeAdapter | undefined;
    const { bridge, adapter } = await syncedBridge((name) => {
      if (name !== 'history.conversations') return { ok: true, value: null };
      // main stored a newer message after it read the list, and its event overtakes the answer.
      adapterRef?.emit(changed(11, chatMessage({ id: 'b2', timestamp: 20 })));
      return { ok: true, value: listed };
    });
    adapterRef = adapter;
    // The first request (made before adapterRef was set) answered without the event; ask again as a reconnect would.
    adapter.setConnection('disconnected');
    adapter.setConnection('connected');
    adapter.answerSnapshot(snapshot(10));
    await bridge.whenSynced();
    await flushPromises();
    const [bob] = bridge.mirror.conversations.getState().conversations;
    expect(bob?.lastMessage.id).toBe('b2');
    expect(bob?.unread).toBe(2);
  });

  it('opens a conversation with its newest page and loads older pages with the cursor', async () => {
    const page = pager(120, 50);
    const { bridge, adapter } = await syncedBridge((name, args) => (name === 'history.page' ? { ok: true, value: page(args[0] as HistoryPageQuery) } : { ok: true, value: null }));
    await bridge.chat.open(ACC, BOB);
    expect(bridge.mirror.conversationPages.getState().messages).toHaveLength(50);
    await bridge.chat.loadOlder();
    await bridge.chat.loadOlder();
    const state = bridge.mirror.conversationPages.getState();
    expect(state.messages).toHaveLength(120);
    expect(state.messages[0]?.id).toBe('m120');
    expect(state.messages.at(-1)?.id).toBe('m001');
    expect(state.next).toBeNull();
    const pageCalls = adapter.calls.filter((call) => call.name === 'history.page').map((call) => (call.args[0] as HistoryPageQuery).before?.id ?? null);
    expect(pageCalls).toEqual([null, 'm071', 'm021']);
    // Nothing left: no request.
    await bridge.chat.loadOlder();
    expect(adapter.calls.filter((call) => call.name === 'history.page')).toHaveLength(3);
  });

  it('opens at a message found by search, paging back until it is loaded', async () => {
    const page = pager(120, 50);
    const { bridge } = await syncedBridge((name, args) => (name === 'history.page' ? { ok: true, value: page(args[0] as HistoryPageQuery) } : { ok: true, value: null }));
    await bridge.chat.open(ACC, BOB, 'm030');
    const ids = bridge.mirror.conversationPages.getState().messages.map((m) => m.id);
    expect(ids).toContain('m030');
    expect(ids).toHaveLength(100);
  });

  it('drops a page that arrives after its conversation was closed', async () => {
    const { bridge } = await syncedBridge((name, args) => (name === 'history.page' ? { ok: true, value: pager(3, 50)(args[0] as HistoryPageQuery) } : { ok: true, value: null }));
    const opening = bridge.chat.open(ACC, BOB);
    bridge.chat.close(ACC, BOB);
    await opening;
    expect(bridge.mirror.conversationPages.getState()).toMatchObject({ open: null, messages: [] });
  });

  it('shows a failed page request in words and keeps what it had', async () => {
    const { bridge } = await syncedBridge((name) => (name === 'history.page' ? { ok: false, error: { code: 'internal', message: 'disk gone' } } : { ok: true, value: null }));
    await bridge.chat.open(ACC, BOB);
    expect(bridge.mirror.conversationPages.getState()).toMatchObject({ loading: false, error: 'The messages could not be loaded: disk gone' });
  });

  it('applies messageChanged to the list and the open conversation, and markRead only once main confirmed it', async () => {
    let markReadOk = false;
    const { bridge, adapter } = await syncedBridge((name) => {
      if (name === 'history.page') return { ok: true, value: { messages: [], next: null } };
      if (name === 'history.markRead') return markReadOk ? { ok: true, value: { marked: 1 } } : { ok: false, error: { code: 'internal', message: 'no' } };
      return { ok: true, value: null };
    });
    await bridge.chat.open(ACC, BOB);
    adapter.emit(changed(11, chatMessage({ id: 'n1' })));
    expect(bridge.mirror.conversations.getState().conversations[0]?.unread).toBe(1);
    expect(bridge.mirror.conversationPages.getState().messages.map((m) => m.id)).toEqual(['n1']);
    await bridge.chat.markRead(ACC, BOB);
    expect(bridge.mirror.conversations.getState().conversations[0]?.unread).toBe(1);
    markReadOk = true;
    await bridge.chat.markRead(ACC, BOB);
    expect(bridge.mirror.conversations.getState().conversations[0]?.unread).toBe(0);
    expect(bridge.mirror.conversationPages.getState().messages[0]?.read).toBe(true);
  });

  it('shows who is typing until they stop, and forgets it on a new snapshot', async () => {
    const { bridge, adapter } = await syncedBridge(() => ({ ok: true, value: null }));
    adapter.emit({ seq: 11, name: 'chat.composing', payload: { accountId: ACC, conversation: BOB, remoteUri: BOB, state: 'active' } });
    expect(Object.keys(bridge.mirror.composing.getState().active)).toEqual([`acc-1 ${BOB}`]);
    adapter.setConnection('disconnected');
    adapter.setConnection('connected');
    adapter.answerSnapshot(snapshot(12));
    await bridge.whenSynced();
    expect(bridge.mirror.composing.getState().active).toEqual({});
  });
});
