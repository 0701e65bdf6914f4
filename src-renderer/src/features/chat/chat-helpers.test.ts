import { describe, expect, it } from 'vitest';
import { chatMessage, conversationView } from '../../test-support/chat-fixtures';
import { newMessageNotices } from './chat-notify';
import { deliveryWords, messagePreview } from './chat-words';
import { ComposingThrottle } from './composing-throttle';
import { messageRows } from './message-rows';
import { searchSnippet } from './search-snippet';

const DAY = 24 * 3600_000;

describe('message rows', () => {
  it('puts messages oldest first with a separator before each day', () => {
    const now = new Date(2026, 10, 20, 12).getTime();
    const rows = messageRows(
      [chatMessage({ id: 'c', timestamp: now - 60_000 }), chatMessage({ id: 'b', timestamp: now - DAY }), chatMessage({ id: 'a', timestamp: now - DAY - 60_000 })],
      now,
    );
    expect(rows.map((row) => (row.kind === 'day' ? row.label : row.key))).toEqual(['Yesterday', 'a', 'b', 'Today', 'c']);
    expect(messageRows([], now)).toEqual([]);
  });
});

describe('composing throttle', () => {
  it('tells main at the first keystroke, then at most once per interval, and once when the input is emptied', () => {
    const calls: boolean[] = [];
    let now = 0;
    const throttle = new ComposingThrottle((composing) => calls.push(composing), () => now, 4_000);
    throttle.input('h');
    now = 1_000;
    throttle.input('he');
    now = 4_500;
    throttle.input('hel');
    throttle.input('');
    throttle.input('');
    expect(calls).toEqual([true, true, false]);
  });

  it('treats a sent message as the end of composing, without a call', () => {
    const calls: boolean[] = [];
    const throttle = new ComposingThrottle((composing) => calls.push(composing), () => 0);
    throttle.input('hi');
    throttle.sent();
    throttle.input('');
    throttle.input('next');
    expect(calls).toEqual([true, true]);
  });
});

describe('notices', () => {
  const old = conversationView(chatMessage({ id: 'a', read: true }));

  it('notifies a new unread incoming message of a conversation not in view', () => {
    const next = [conversationView(chatMessage({ id: 'b', timestamp: 2_000 }))];
    expect(newMessageNotices([old], next, null)).toHaveLength(1);
    expect(newMessageNotices([old], next, 'acc-1 sip:bob@example.org')).toHaveLength(0);
  });

  it('stays quiet for the first list, our own messages and state changes', () => {
    expect(newMessageNotices(null, [conversationView(chatMessage({ id: 'b' }))], null)).toEqual([]);
    expect(newMessageNotices([old], [conversationView(chatMessage({ id: 'o', direction: 'out', state: 'sent' }))], null)).toEqual([]);
    const unreadOld = conversationView(chatMessage({ id: 'a' }));
    expect(newMessageNotices([unreadOld], [unreadOld], null)).toEqual([]);
  });
});

describe('words', () => {
  it('says where a message stands, with the failure reason', () => {
    expect(deliveryWords(chatMessage({ direction: 'out', state: 'failed', stateCode: 408, stateReason: 'Request Timeout' }))).toBe('Not delivered: 408 Request Timeout');
    expect(deliveryWords(chatMessage({ direction: 'out', state: 'failed', stateCode: 0, stateReason: null }))).toBe('Not delivered');
    expect(deliveryWords(chatMessage({ direction: 'out', state: 'displayed' }))).toBe('Read');
    expect(deliveryWords(chatMessage())).toBeNull();
  });

  it('previews the first non-empty line, ours with "You:"', () => {
    expect(messagePreview(chatMessage({ text: '\nfirst\nsecond' }))).toBe('first');
    expect(messagePreview(chatMessage({ direction: 'out', text: 'hi' }))).toBe('You: hi');
  });

  it('marks the searched words in a snippet around the first match', () => {
    const parts = searchSnippet('An old note about the blue Lighthouse, far away', 'lighthouse');
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['Lighthouse']);
    expect(parts.map((part) => part.text).join('')).toBe('An old note about the blue Lighthouse, far away');
    const long = searchSnippet(`${'x '.repeat(200)}needle end`, 'needle', 40);
    expect(long[0]?.text.startsWith('…')).toBe(true);
  });
});
