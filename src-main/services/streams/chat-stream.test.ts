import { describe, expect, it } from 'vitest';
import { ChatStream } from './chat-stream';
import { ChatStreamError } from './chat-stream-error';
import { type ChatDelivery, type ChatStreamMessage } from './chat-stream-types';

describe('ChatStream before and after its MSRP session', () => {
  it('queues messages sent before the start and fails them with "stream ended" when it never starts', () => {
    const stream = new ChatStream();
    const messages: ChatStreamMessage[] = [];
    const deliveries: ChatDelivery[] = [];
    stream.onChat('message', (m) => messages.push(m));
    stream.onChat('delivery', (d) => deliveries.push(d));
    expect(stream.canSend).toBe(true);
    const first = stream.send('queued one');
    const second = stream.send('queued two', { messageId: 'abcdef0123456789abcdef0123456789' });
    expect(second.messageId).toBe('abcdef0123456789abcdef0123456789');
    expect(first.messageId).toMatch(/^[0-9a-f]{32}$/);
    expect(messages.map((m) => [m.direction, m.text])).toEqual([
      ['outgoing', 'queued one'],
      ['outgoing', 'queued two'],
    ]);
    expect(deliveries).toEqual([]);
    stream.refuse('the peer declined the stream');
    expect(deliveries).toEqual([
      { messageId: first.messageId, state: 'failed', code: 0, reason: 'stream ended' },
      { messageId: second.messageId, state: 'failed', code: 0, reason: 'stream ended' },
    ]);
    expect(stream.canSend).toBe(false);
    expect(() => stream.send('too late')).toThrow(ChatStreamError);
    try {
      stream.send('too late');
    } catch (error) {
      expect(error).toMatchObject({ code: 'unavailable', reason: 'chat-stream-ended' });
    }
    // Composing after the end is a no-op, not an error.
    expect(() => stream.setComposing(true)).not.toThrow();
    stream.dispose();
  });
});
