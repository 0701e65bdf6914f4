import { afterEach, describe, expect, it } from 'vitest';
import type { AccountId, ChatComposingEvent, ChatMessageView } from '../../../src-shared';
import { createLogger, toDisposable } from '../../common';
import type { IncomingPagerMessage } from '../../sip';
import { parseCpim, parseImdnNotification, parseIsComposing, readImdnRequest } from '../chat-formats';
import { HistoryStore } from '../history';
import { wrapCpim } from '../streams';
import { makeTempProfile } from '../test-support/temp-profile';
import { ConversationService } from './conversation-service';
import type { PagerResult } from './pager-chat';

const ALICE = 'alice' as AccountId;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Sent {
  readonly target: string;
  readonly body: string;
  readonly contentType: string;
}

async function setup(answer: (sent: Sent) => PagerResult = () => ({ ok: true, code: 200, reason: 'OK' })) {
  const profile = await makeTempProfile();
  const history = HistoryStore.open({ profileDir: profile.dir });
  const sent: Sent[] = [];
  const service = new ConversationService({
    history,
    sessions: { on: () => toDisposable(() => undefined), get: () => ({ streams: [] }) as never } as never,
    logger: createLogger({ level: 'silent' }),
    pager: {
      localIdentity: (id) => (id === ALICE ? 'sip:alice@parley.test' : undefined),
      send: async (_id, target, body, contentType) => {
        const item = { target, body, contentType };
        sent.push(item);
        return answer(item);
      },
    },
    composing: { idleTimeoutMs: 40, refreshMs: 60_000, remoteDefaultRefreshMs: 60_000 },
  });
  const changes: ChatMessageView[] = [];
  const composing: ChatComposingEvent[] = [];
  service.on('messageChanged', (view) => changes.push(view));
  service.on('composing', (event) => composing.push(event));
  cleanups.push(async () => {
    service.dispose();
    history.dispose();
    await profile.cleanup();
  });
  return { service, history, sent, changes, composing };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function pagerMessage(body: string, contentType = 'message/cpim'): IncomingPagerMessage {
  return { from: 'sip:bob@parley.test', fromDisplayName: 'Bob', to: 'sip:alice@parley.test', contentType, contentTypeHeader: contentType, body, callId: 'c1', receivedAt: 1_700_000_000_000 };
}

describe('ConversationService without a session (pager mode)', () => {
  it('sends CPIM with an IMDN request by MESSAGE, stores sending → sent, and moves to delivered and displayed on notifications', async () => {
    const { service, sent, changes } = await setup();
    const { messageId } = service.sendMessage(ALICE, 'bob@parley.test', 'Lunch tomorrow?');
    await settle();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ target: 'sip:bob@parley.test', contentType: 'message/cpim' });
    const cpim = parseCpim(Buffer.from(sent[0]!.body));
    expect(readImdnRequest(cpim)).toEqual({ messageId, notifications: ['positive-delivery', 'display'] });
    expect(changes.map((c) => [c.state, c.path])).toEqual([
      ['sending', 'sip-message'],
      ['sent', 'sip-message'],
    ]);
    const dateTime = cpim.dateTime!;
    for (const [kind, status] of [
      ['delivery', 'delivered'],
      ['display', 'displayed'],
    ] as const) {
      const xml = `<?xml version="1.0" encoding="UTF-8"?><imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>${messageId}</message-id><datetime>${new Date(dateTime.epochMs).toISOString()}</datetime><${kind}-notification><status><${status}/></status></${kind}-notification></imdn>`;
      service.handlePagerMessage(ALICE, pagerMessage(wrapCpim({ from: { uri: 'sip:bob@parley.test' }, to: { uri: 'sip:alice@parley.test' }, time: Date.now(), contentType: 'message/imdn+xml', body: xml }).toString('utf8')));
    }
    expect(changes.map((c) => c.state)).toEqual(['sending', 'sent', 'delivered', 'displayed']);
    expect(changes.every((c) => c.id === messageId)).toBe(true);
  });

  it('falls back to text/plain after a 415 to CPIM, and stores a refusal as failed with its code', async () => {
    const { service, sent, changes } = await setup((item) => (item.contentType === 'message/cpim' ? { ok: false, code: 415, reason: 'Unsupported Media Type' } : { ok: false, code: 404, reason: 'Not Found' }));
    service.sendMessage(ALICE, 'sip:bob@parley.test', 'hello?');
    await settle();
    expect(sent.map((s) => s.contentType)).toEqual(['message/cpim', 'text/plain;charset=utf-8']);
    expect(sent[1]?.body).toBe('hello?');
    expect(changes.at(-1)).toMatchObject({ state: 'failed', stateCode: 404, stateReason: 'Not Found' });
    // The party is remembered as plain-only.
    service.sendMessage(ALICE, 'sip:bob@parley.test', 'again');
    await settle();
    expect(sent.map((s) => s.contentType).slice(2)).toEqual(['text/plain;charset=utf-8']);
  });

  it('stores incoming MESSAGEs, counts them unread, answers positive-delivery at once and display when read', async () => {
    const { service, sent, changes } = await setup();
    const request = { messageId: '0123456789abcdef0123456789abcdef', notifications: ['positive-delivery', 'display'] as const };
    service.handlePagerMessage(ALICE, pagerMessage(wrapCpim({ from: { uri: 'sip:bob@parley.test', displayName: 'Bob' }, to: { uri: 'sip:alice@parley.test' }, time: 1_699_999_999_000, contentType: 'text/plain', body: 'Hi Alice', imdn: request }).toString('utf8')));
    service.handlePagerMessage(ALICE, pagerMessage('plain hello', 'text/plain'));
    expect(changes.map((c) => [c.direction, c.state, c.text, c.read])).toEqual([
      ['in', 'received', 'Hi Alice', false],
      ['in', 'received', 'plain hello', false],
    ]);
    await settle();
    expect(sent).toHaveLength(1);
    expect(parseImdnNotification(parseCpim(Buffer.from(sent[0]!.body)).body)).toMatchObject({ kind: 'delivery', status: 'delivered', messageId: request.messageId });
    const list = service.conversations({ accountId: null, before: null });
    expect(list.conversations).toHaveLength(1);
    expect(list.conversations[0]).toMatchObject({ conversation: 'sip:bob@parley.test', unread: 2, live: false, lastMessage: { text: 'plain hello' } });
    expect(service.markRead(ALICE, 'bob@parley.test')).toEqual({ marked: 2 });
    await settle();
    expect(sent).toHaveLength(2);
    expect(parseImdnNotification(parseCpim(Buffer.from(sent[1]!.body)).body)).toMatchObject({ kind: 'display', status: 'displayed', messageId: request.messageId });
    expect(service.conversations({ accountId: ALICE, before: null }).conversations[0]?.unread).toBe(0);
    expect(service.markRead(ALICE, 'bob@parley.test')).toEqual({ marked: 0 });
    expect(sent).toHaveLength(2);
    expect(service.search('hell').map((m) => m.text)).toEqual(['plain hello']);
    expect(service.page({ accountId: ALICE, remote: 'sip:bob@parley.test;transport=tcp', before: null }).messages.map((m) => m.text)).toEqual(['plain hello', 'Hi Alice']);
  });

  it('sends is-composing active then idle by MESSAGE, and surfaces the peer\'s', async () => {
    const { service, sent, composing } = await setup();
    service.setComposing(ALICE, 'bob@parley.test', true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    const states = sent.map((s) => parseIsComposing(parseCpim(Buffer.from(s.body)).body).state);
    expect(states).toEqual(['active', 'idle']);
    const xml = '<?xml version="1.0"?><isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"><state>active</state><refresh>60</refresh></isComposing>';
    service.handlePagerMessage(ALICE, pagerMessage(wrapCpim({ from: { uri: 'sip:bob@parley.test' }, to: { uri: 'sip:alice@parley.test' }, time: 0, contentType: 'application/im-iscomposing+xml', body: xml }).toString('utf8')));
    service.handlePagerMessage(ALICE, pagerMessage('done typing', 'text/plain'));
    expect(composing.map((c) => [c.conversation, c.state])).toEqual([
      ['sip:bob@parley.test', 'active'],
      ['sip:bob@parley.test', 'idle'],
    ]);
  });

  it('refuses to send for an account that is not running', async () => {
    const { service, changes } = await setup();
    expect(() => service.sendMessage('other' as AccountId, 'bob@parley.test', 'x')).toThrow(expect.objectContaining({ code: 'unavailable' }));
    expect(changes).toEqual([]);
  });
});

