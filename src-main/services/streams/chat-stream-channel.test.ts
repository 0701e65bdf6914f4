import { afterEach, describe, expect, it } from 'vitest';
import { MsrpSession, type ReceivedMessage } from '../../msrp';
import { nextEvent, sessionPair, transportPair } from '../../msrp/session/test-support/session-pair';
import { negotiateChatTypes, type ChatTypeNegotiation } from '../../sip/sdp';
import type { IsComposing } from '../chat-formats';
import { ChatStreamChannel, type ChatStreamChannelConfig } from './chat-stream-channel';
import { wrapCpim } from './chat-stream-payload';
import { DEFAULT_CHAT_ACCEPT_TYPES, DEFAULT_CHAT_WRAPPED_TYPES, type ChatDelivery, type ChatIncoming } from './chat-stream-types';

const ALICE = { uri: 'sip:alice@parley.test' };
const BOB = { uri: 'sip:bob@parley.test' };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const FULL = { acceptTypes: DEFAULT_CHAT_ACCEPT_TYPES, acceptWrappedTypes: DEFAULT_CHAT_WRAPPED_TYPES };
const NO_CPIM = { acceptTypes: ['text/plain', 'application/im-iscomposing+xml'], acceptWrappedTypes: undefined };

/** One side's channel with everything it reports collected. */
function channel(msrp: MsrpSession, negotiation: ChatTypeNegotiation, local = ALICE, remote = BOB, extra: Partial<ChatStreamChannelConfig> = {}) {
  const deliveries: ChatDelivery[] = [];
  const texts: ChatIncoming[] = [];
  const composing: IsComposing[] = [];
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const ch = new ChatStreamChannel(
    msrp,
    { negotiation, local, remote, acceptWrappedTypes: DEFAULT_CHAT_WRAPPED_TYPES, reportTimeoutMs: 5_000, requestDisplayNotifications: true, ...extra },
    {
      onDelivery: (d) => (deliveries.push(d), wake()),
      onText: (t) => (texts.push(t), wake()),
      onComposing: (c) => (composing.push(c), wake()),
    },
  );
  cleanups.push(() => ch.dispose());
  const until = async (done: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 5_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return { ch, deliveries, texts, composing, until };
}

async function pair(aOptions = {}, bOptions = {}) {
  const sessions = await sessionPair(aOptions, bOptions);
  cleanups.push(() => sessions.dispose());
  return sessions;
}

describe('ChatStreamChannel', () => {
  it('wraps text in CPIM with an IMDN display request when both sides take CPIM, and reports sent → delivered', async () => {
    const { alice, bob } = await pair();
    const negotiation = negotiateChatTypes(FULL, FULL);
    const a = channel(alice, negotiation);
    const b = channel(bob, negotiation, BOB, ALICE);
    const wire = nextEvent(bob, 'message');
    a.ch.sendText('00112233445566778899aabbccddeeff', 'Hello Bob,\nsee you ✓', Date.UTC(2025, 0, 2, 3, 4, 5));
    const raw: ReceivedMessage = await wire;
    expect(raw.contentType).toBe('message/cpim');
    const text = raw.body.toString('utf8');
    expect(text).toContain('From: <sip:alice@parley.test>\r\nTo: <sip:bob@parley.test>\r\nDateTime: ');
    expect(text).toContain('NS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: 00112233445566778899aabbccddeeff\r\nimdn.Disposition-Notification: display');
    await b.until(() => b.texts.length === 1, 'the text at Bob');
    expect(b.texts[0]).toMatchObject({
      message: { messageId: '00112233445566778899aabbccddeeff', direction: 'incoming', contentType: 'text/plain', text: 'Hello Bob,\nsee you ✓', time: Date.UTC(2025, 0, 2, 3, 4, 5) },
      remoteUri: 'sip:alice@parley.test',
      imdn: { messageId: '00112233445566778899aabbccddeeff', notifications: ['display'] },
    });
    await a.until(() => a.deliveries.some((d) => d.state === 'delivered'), 'delivery');
    expect(a.deliveries.map((d) => [d.state, d.code])).toEqual([
      ['sent', 200],
      ['delivered', 200],
    ]);

    // RFC 5438: Bob's display notification moves Alice's message to displayed.
    expect(b.ch.sendNotification('displayed', b.texts[0]!.imdn!)).toBe(true);
    await a.until(() => a.deliveries.length === 3, 'the display notification');
    expect(a.deliveries[2]).toEqual({ messageId: '00112233445566778899aabbccddeeff', state: 'displayed', code: null, reason: null });
    // Notifications are not chat text.
    expect(a.texts).toEqual([]);
  });

  it('sends bare text/plain when one side does not take CPIM, and is-composing bare too', async () => {
    const { alice, bob } = await pair();
    const negotiation = negotiateChatTypes(FULL, NO_CPIM);
    expect(negotiation.cpim).toBe(false);
    const a = channel(alice, negotiation);
    const b = channel(bob, negotiateChatTypes(NO_CPIM, FULL), BOB, ALICE);
    const wire = nextEvent(bob, 'message');
    a.ch.sendText('m1', 'plain', Date.now());
    expect((await wire).contentType).toBe('text/plain;charset=utf-8');
    await b.until(() => b.texts.length === 1, 'the text at Bob');
    expect(b.texts[0]?.imdn).toBeUndefined();
    expect(a.ch.sendComposing({ state: 'active', refreshSeconds: 60 })).toBe(true);
    await b.until(() => b.composing.length === 1, 'is-composing');
    expect(b.composing[0]).toMatchObject({ state: 'active', refreshSeconds: 60 });
    // No CPIM on this stream: an IMDN cannot be carried.
    expect(b.ch.sendNotification('displayed', { messageId: 'm1', dateTime: { epochMs: 0, offsetMinutes: 0 }, notifications: ['display'] })).toBe(false);
  });

  it('fails text the peer does not accept with 415 without sending it', async () => {
    const { alice, bob } = await pair();
    const imagesOnly = { acceptTypes: ['image/*'], acceptWrappedTypes: undefined };
    const a = channel(alice, negotiateChatTypes(FULL, imagesOnly));
    let received = 0;
    bob.on('message', () => (received += 1));
    expect(a.ch.canSendText).toBe(false);
    a.ch.sendText('m415', 'nobody takes this', Date.now());
    expect(a.deliveries).toEqual([{ messageId: 'm415', state: 'failed', code: 415, reason: 'the peer does not accept text messages (a=accept-types)' }]);
    expect(a.ch.sendComposing({ state: 'active' })).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toBe(0);
  });

  it('fails with the 415 the peer answers when its MSRP accept-types refuse what its SDP promised', async () => {
    const { alice } = await pair({}, { acceptTypes: ['message/cpim'] });
    const a = channel(alice, negotiateChatTypes(NO_CPIM, NO_CPIM));
    a.ch.sendText('mwire', 'refused on the wire', Date.now());
    await a.until(() => a.deliveries.some((d) => d.state === 'failed'), 'the failure');
    expect(a.deliveries.at(-1)).toMatchObject({ messageId: 'mwire', state: 'failed', code: 415 });
  });

  it('fails with 408 when the peer never answers the SEND', async () => {
    const { a: ta } = await transportPair();
    const alice = new MsrpSession(ta, { keepAliveMs: 0, responseTimeoutMs: 200 });
    cleanups.push(() => alice.dispose());
    const a = channel(alice, negotiateChatTypes(FULL, FULL));
    a.ch.sendText('msilent', 'anyone?', Date.now());
    await a.until(() => a.deliveries.length > 0, 'the timeout');
    expect(a.deliveries).toEqual([expect.objectContaining({ messageId: 'msilent', state: 'failed', code: 408 })]);
  });

  it('fails a sent message with 408 when its Success-Report never comes, and fails pending ones on close', async () => {
    const { a: ta, b: tb } = await transportPair();
    const alice = new MsrpSession(ta, { keepAliveMs: 0 });
    cleanups.push(() => (alice.dispose(), tb.dispose()));
    // A peer that answers every SEND 200 and sends no REPORT (like a relay whose far side has gone quiet).
    void (async () => {
      for await (const incoming of tb.chunks()) if (incoming.final && incoming.chunk.method === 'SEND') await tb.writeResponse(incoming.chunk, 200);
    })().catch(() => undefined);
    const a = channel(alice, negotiateChatTypes(FULL, FULL), ALICE, BOB, { reportTimeoutMs: 150 });
    a.ch.sendText('mquiet', 'did it arrive?', Date.now());
    await a.until(() => a.deliveries.length === 2, 'the report timeout');
    expect(a.deliveries.map((d) => [d.state, d.code, d.reason])).toEqual([
      ['sent', 200, null],
      ['failed', 408, 'no delivery report from the peer'],
    ]);
    a.ch.sendText('mlast', 'cut off', Date.now());
    a.ch.close();
    expect(a.deliveries.at(-1)).toEqual({ messageId: 'mlast', state: 'failed', code: 0, reason: 'stream ended' });
  });

  it('answers a positive-delivery request with an IMDN the sender reads as delivered', async () => {
    const { alice, bob } = await pair();
    const negotiation = negotiateChatTypes(FULL, FULL);
    const a = channel(alice, negotiation);
    channel(bob, negotiation, BOB, ALICE);
    // A sender asking for positive-delivery (the SIP SIMPLE client does over SIP MESSAGE).
    alice.sendMessage(
      wrapCpim({ from: ALICE, to: BOB, time: Date.now(), contentType: 'text/plain', body: 'x', imdn: { messageId: 'fedcba98765432100123456789abcdef', notifications: ['positive-delivery'] } }),
      { contentType: 'message/cpim', successReport: 'no' },
    );
    await a.until(() => a.deliveries.length === 1, 'the delivery notification');
    expect(a.deliveries[0]).toEqual({ messageId: 'fedcba98765432100123456789abcdef', state: 'delivered', code: null, reason: null });
  });

  it('ignores payloads it cannot show: an unaccepted wrapped type, malformed CPIM, a Require it does not know', async () => {
    const { alice, bob } = await pair();
    const b = channel(bob, negotiateChatTypes(FULL, FULL), BOB, ALICE);
    alice.sendMessage(wrapCpim({ from: ALICE, to: BOB, time: 0, contentType: 'application/pdf', body: '%PDF' }), { contentType: 'message/cpim' });
    alice.sendMessage('From: <sip:a@b>\r\nno blank line', { contentType: 'message/cpim' });
    alice.sendMessage('From: <sip:a@b>\r\nRequire: x.Unknown\r\nNS: x <urn:x>\r\nx.Unknown: 1\r\n\r\nContent-Type: text/plain\r\n\r\nhidden', { contentType: 'message/cpim' });
    alice.sendMessage('shown', { contentType: 'text/plain' });
    await b.until(() => b.texts.length === 1, 'the plain text');
    expect(b.texts.map((t) => t.message.text)).toEqual(['shown']);
  });
});
