import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountId, ChatMessageView, SessionView } from '../../../src-shared';
import { chatMessage, conversationView } from '../test-support/chat-fixtures';
import { chatStream, sessionView } from '../test-support/fixtures';
import { newestFirst, sessionPartyKey } from './chat-keys';
import { liveConversationIds } from './chat-selectors';
import { INITIAL_COMPOSING_STATE, withComposing, withComposingMessage } from './composing-store';
import { mergeMessages, withOpened, withPage, withPagesMessage, withPagesMessages, withPagesRead } from './conversation-pages-store';
import { INITIAL_CONVERSATIONS_STATE, withConversationMessage, withConversationMessages, withConversationRead, withConversationsPage } from './conversations-store';

const ACC = 'acc-1' as AccountId;
const BOB = 'sip:bob@example.org';
const CAROL = 'sip:carol@example.org';

describe('conversation pages', () => {
  const opened = withOpened({ accountId: ACC, conversation: BOB });

  it('merges pages newest first, one entry per id', () => {
    const newest = withPage(opened, { messages: [chatMessage({ id: 'c', timestamp: 3 }), chatMessage({ id: 'b', timestamp: 2 })], next: { timestamp: 2, id: 'b' } }, false);
    expect(newest.next).toEqual({ timestamp: 2, id: 'b' });
    const older = withPage(newest, { messages: [chatMessage({ id: 'b', timestamp: 2 }), chatMessage({ id: 'a', timestamp: 1 })], next: null }, true);
    expect(older.messages.map((m) => m.id)).toEqual(['c', 'b', 'a']);
    expect(older.next).toBeNull();
    expect(older.loading).toBe(false);
  });

  it('keeps the older cursor when the newest page is fetched again (after a reconnect)', () => {
    const first = withPage(opened, { messages: [chatMessage({ id: 'b', timestamp: 2 })], next: { timestamp: 2, id: 'b' } }, false);
    const older = withPage(first, { messages: [chatMessage({ id: 'a', timestamp: 1 })], next: { timestamp: 1, id: 'a' } }, true);
    const again = withPage(older, { messages: [chatMessage({ id: 'c', timestamp: 3 }), chatMessage({ id: 'b', timestamp: 2 })], next: { timestamp: 2, id: 'b' } }, false);
    expect(again.next).toEqual({ timestamp: 1, id: 'a' });
    expect(again.messages.map((m) => m.id)).toEqual(['c', 'b', 'a']);
  });

  it('lets the newer delivery state win whichever copy arrives last', () => {
    const delivered = chatMessage({ id: 'x', direction: 'out', state: 'delivered', stateAt: 20 });
    const stale = chatMessage({ id: 'x', direction: 'out', state: 'sending', stateAt: 10 });
    expect(mergeMessages([delivered], [stale])[0]?.state).toBe('delivered');
    expect(mergeMessages([stale], [delivered])[0]?.state).toBe('delivered');
  });

  it('orders messages of the same millisecond by id, as main pages them', () => {
    expect(mergeMessages([], [chatMessage({ id: 'a', timestamp: 5 }), chatMessage({ id: 'b', timestamp: 5 })]).map((m) => m.id)).toEqual(['b', 'a']);
  });

  it('puts messages of one millisecond where main pages them, whichever way and order they arrive', () => {
    // main: ORDER BY timestamp DESC, id DESC: within one millisecond the id decides.
    const burst = ['7f3a', '0c11', 'e2d9', '5b60', 'a001'].map((id) => chatMessage({ id, timestamp: 5_000 }));
    const mainOrder = [...burst].sort(newestFirst).map((m) => m.id);
    expect(mainOrder).toEqual(['e2d9', 'a001', '7f3a', '5b60', '0c11']);
    const byEvents = burst.reduce((state, message) => withPagesMessage(state, message), opened);
    const byOneBatch = withPagesMessages(opened, [...burst].reverse());
    const byPage = withPage(opened, { messages: [...burst].sort(newestFirst), next: null }, false);
    const pageThenEvents = withPagesMessages(withPage(opened, { messages: burst.slice(0, 2).sort(newestFirst), next: null }, false), burst.slice(2));
    for (const state of [byEvents, byOneBatch, byPage, pageThenEvents]) expect(state.messages.map((m) => m.id)).toEqual(mainOrder);
  });

  it('merges any batches of copies into the list a full sort would give', () => {
    const copy = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), stateAt: fc.nat(5), read: fc.boolean() });
    // A stored message's timestamp never changes: derive it from the id (two share a millisecond).
    const stamp: Record<string, number> = { a: 1, b: 1, c: 2, d: 3, e: 3, f: 4 };
    fc.assert(
      fc.property(fc.array(fc.array(copy, { maxLength: 6 }), { maxLength: 6 }), (batches) => {
        let merged: readonly ChatMessageView[] = [];
        const expected = new Map<string, ChatMessageView>();
        for (const batch of batches) {
          const messages = batch.map(({ id, stateAt, read }) => chatMessage({ id, timestamp: stamp[id] as number, stateAt, read }));
          merged = mergeMessages(merged, messages);
          for (const message of messages) {
            const known = expected.get(message.id);
            if (known === undefined || message.stateAt >= known.stateAt) expected.set(message.id, { ...message, read: message.read || known?.read === true });
            else if (message.read) expected.set(message.id, { ...known, read: true });
          }
        }
        const sorted = [...expected.values()].sort(newestFirst);
        expect(merged.map((m) => [m.id, m.stateAt, m.read])).toEqual(sorted.map((m) => [m.id, m.stateAt, m.read]));
      }),
    );
  });

  it('keeps the same list, and the same objects, when a batch changes nothing', () => {
    const state = withPagesMessages(opened, [chatMessage({ id: 'a', timestamp: 1 }), chatMessage({ id: 'b', timestamp: 2 })]);
    expect(withPagesMessages(state, [chatMessage({ id: 'a', timestamp: 1 })])).toBe(state);
    expect(withPagesMessages(state, [chatMessage({ id: 'z', conversation: CAROL })])).toBe(state);
    const delivered = withPagesMessages(state, [chatMessage({ id: 'b', timestamp: 2, stateAt: 2_000 })]);
    expect(delivered.messages[1]).toBe(state.messages[1]);
  });

  it('takes events of the open conversation only', () => {
    const withBob = withPagesMessage(opened, chatMessage({ id: 'n' }));
    expect(withBob.messages.map((m) => m.id)).toEqual(['n']);
    expect(withPagesMessage(withBob, chatMessage({ id: 'o', conversation: CAROL }))).toBe(withBob);
    expect(withPagesMessage(withBob, chatMessage({ id: 'p', accountId: 'acc-2' as AccountId }))).toBe(withBob);
  });

  it('marks incoming messages read once main confirmed, and keeps them read', () => {
    const unread = withPagesMessage(opened, chatMessage({ id: 'n' }));
    const read = withPagesRead(unread, ACC, BOB);
    expect(read.messages[0]?.read).toBe(true);
    expect(withPagesRead(read, ACC, BOB)).toBe(read);
    // A later copy of the message (a state change sent before the read) does not make it unread again.
    expect(withPagesMessage(read, chatMessage({ id: 'n', stateAt: 2_000 })).messages[0]?.read).toBe(true);
  });
});

describe('conversation list', () => {
  const listed = withConversationsPage(INITIAL_CONVERSATIONS_STATE, { conversations: [conversationView(chatMessage({ id: 'b1', timestamp: 10 }))], next: null }, false);

  it('adds a conversation for a first message, counting it unread', () => {
    const state = withConversationMessage(listed, chatMessage({ id: 'c1', conversation: CAROL, remoteUri: CAROL, timestamp: 20 }));
    expect(state.conversations.map((c) => c.conversation)).toEqual([CAROL, BOB]);
    expect(state.conversations[0]?.unread).toBe(1);
  });

  it('counts a newer unread incoming message once, however often its event comes', () => {
    const message = chatMessage({ id: 'b2', timestamp: 11 });
    const once = withConversationMessage(listed, message);
    const twice = withConversationMessage(once, message);
    expect(once.conversations[0]?.unread).toBe(2);
    expect(twice.conversations[0]?.unread).toBe(2);
    expect(twice.conversations[0]?.lastMessage.id).toBe('b2');
  });

  it('does not count our own messages, and ignores changes to older ones', () => {
    const ours = withConversationMessage(listed, chatMessage({ id: 'o1', direction: 'out', state: 'sending', timestamp: 12 }));
    expect(ours.conversations[0]?.unread).toBe(1);
    expect(ours.conversations[0]?.lastMessage.id).toBe('o1');
    const delivered = withConversationMessage(ours, chatMessage({ id: 'o1', direction: 'out', state: 'delivered', timestamp: 12 }));
    expect(delivered.conversations[0]?.lastMessage.state).toBe('delivered');
    expect(withConversationMessage(delivered, chatMessage({ id: 'old-out', direction: 'out', state: 'delivered', timestamp: 1 }))).toBe(delivered);
  });

  it('counts an unread message that arrived out of order, without making it the last', () => {
    const late = withConversationMessage(listed, chatMessage({ id: 'early', timestamp: 5 }));
    expect(late.conversations[0]?.unread).toBe(2);
    expect(late.conversations[0]?.lastMessage.id).toBe('b1');
    // Replayed over a fresh list, an older message may already be in its count: it is not counted again.
    expect(withConversationMessage(listed, chatMessage({ id: 'early', timestamp: 5 }), true)).toBe(listed);
  });

  it('applies a batch of messages as it would apply them one by one', () => {
    const batch = [
      chatMessage({ id: 'c1', conversation: CAROL, remoteUri: CAROL, timestamp: 20 }),
      chatMessage({ id: 'b2', timestamp: 30 }),
      chatMessage({ id: 'early', timestamp: 5 }),
      chatMessage({ id: 'c2', conversation: CAROL, remoteUri: CAROL, timestamp: 40, direction: 'out', read: true }),
      chatMessage({ id: 'b2', timestamp: 30, read: true }),
    ];
    const oneByOne = batch.reduce((state, message) => withConversationMessage(state, message), listed);
    expect(withConversationMessages(listed, batch)).toEqual(oneByOne);
    expect(oneByOne.conversations.map((c) => [c.conversation, c.unread])).toEqual([
      [CAROL, 1],
      [BOB, 3],
    ]);
    expect(withConversationMessages(listed, [])).toBe(listed);
  });

  it('moves the conversation with the newest message to the top', () => {
    const two = withConversationMessage(listed, chatMessage({ id: 'c1', conversation: CAROL, timestamp: 20 }));
    const bobAgain = withConversationMessage(two, chatMessage({ id: 'b3', timestamp: 30 }));
    expect(bobAgain.conversations.map((c) => c.conversation)).toEqual([BOB, CAROL]);
  });

  it('clears the unread count once main marked the conversation read', () => {
    const read = withConversationRead(withConversationMessage(listed, chatMessage({ id: 'b2', timestamp: 11 })), ACC, BOB);
    expect(read.conversations[0]?.unread).toBe(0);
    expect(read.conversations[0]?.lastMessage.read).toBe(true);
  });

  it('appends an older page without duplicating conversations already listed', () => {
    const older = withConversationsPage(listed, { conversations: [conversationView(chatMessage({ id: 'b1', timestamp: 10 })), conversationView(chatMessage({ id: 'c0', conversation: CAROL, timestamp: 5 }))], next: null }, true);
    expect(older.conversations.map((c) => c.conversation)).toEqual([BOB, CAROL]);
  });
});

describe('composing', () => {
  const active = { accountId: ACC, conversation: BOB, remoteUri: BOB, state: 'active' as const };

  it('shows active until idle, or until a message from that party arrives', () => {
    const typing = withComposing(INITIAL_COMPOSING_STATE, active);
    expect(Object.keys(typing.active)).toHaveLength(1);
    expect(withComposing(typing, { ...active, state: 'idle' }).active).toEqual({});
    expect(withComposingMessage(typing, chatMessage()).active).toEqual({});
    expect(withComposingMessage(typing, chatMessage({ direction: 'out' }))).toBe(typing);
  });
});

describe('live conversations', () => {
  it('are those with a session not over and a chat stream not ended', () => {
    const sessions: SessionView[] = [
      sessionView({ remoteUri: 'sips:bob@Example.ORG;transport=tls' }),
      sessionView({ id: 's2' as never, remoteUri: CAROL, state: 'terminated' }),
      sessionView({ id: 's3' as never, remoteUri: 'sip:dave@example.org', streams: [chatStream('x', 'ended')] }),
    ];
    expect([...liveConversationIds(sessions)]).toEqual([`acc-1 ${BOB}`]);
    expect(sessionPartyKey('"Bob" <sip:bob@example.org:5061;transport=tcp>')).toBe(BOB);
  });
});
