import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { AccountId, ChatMessageView, EventEnvelope, OpenConversationRequest } from '../../src-shared';
import { chatMessage } from '../../src-shared/test-support/chat-messages';
import { createNullLogger } from '../common';
import { attachChatNotifications, notificationBody, notificationTitle } from './chat-notifications';

// Bob's address with a URI parameter, as the SIP stack reports it.
const message = (overrides: Partial<ChatMessageView> = {}): ChatMessageView => chatMessage({ remoteUri: 'sip:bob@example.org;transport=tcp', ...overrides });

class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  shown = false;
  constructor(readonly options: { title?: string; body?: string; silent?: boolean }) {
    super();
    FakeNotification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

function setUp(state: { enabled?: boolean; focused?: boolean } = {}) {
  FakeNotification.instances = [];
  let listener: ((event: EventEnvelope) => void) | undefined;
  let seq = 0;
  const calls: string[] = [];
  const opened: OpenConversationRequest[] = [];
  const settings = { enabled: state.enabled ?? true, focused: state.focused ?? false };
  const notifications = attachChatNotifications({
    Notification: FakeNotification,
    subscribe: (next) => {
      listener = next;
      return () => (listener = undefined);
    },
    enabled: () => settings.enabled,
    windowFocused: () => settings.focused,
    showWindow: () => calls.push('showWindow'),
    openConversation: (request) => opened.push(request),
    logger: createNullLogger(),
  });
  const push = (view: ChatMessageView) => listener?.({ seq: ++seq, name: 'chat.messageChanged', payload: view });
  return { notifications, push, calls, opened, settings };
}

describe('chat notifications', () => {
  it('shows one for a new incoming message while the window is not focused; a click shows the window, then the conversation', () => {
    const { push, calls, opened } = setUp();
    push(message());
    expect(FakeNotification.instances).toHaveLength(1);
    const [notification] = FakeNotification.instances;
    expect(notification?.options).toEqual({ title: 'Bob', body: 'hello', silent: false });
    expect(notification?.shown).toBe(true);
    notification?.emit('click');
    expect(calls).toEqual(['showWindow']);
    expect(opened).toEqual([{ accountId: 'acc-1', conversation: 'sip:bob@example.org' }]);
  });

  it('stays quiet for outgoing, read, repeated and focused-window messages, when turned off, and once disposed', () => {
    const { push, settings, notifications } = setUp();
    push(message({ id: 'out', direction: 'out', state: 'sent' }));
    push(message({ id: 'read', read: true }));
    push(message({ id: 'once' }));
    push(message({ id: 'once' }));
    settings.focused = true;
    push(message({ id: 'focused' }));
    settings.focused = false;
    settings.enabled = false;
    push(message({ id: 'off' }));
    settings.enabled = true;
    notifications.dispose();
    push(message({ id: 'disposed' }));
    expect(FakeNotification.instances).toHaveLength(1);
  });

  it('shows nothing where the system has no notifications', () => {
    FakeNotification.supported = false;
    try {
      const { push } = setUp();
      push(message());
      expect(FakeNotification.instances).toHaveLength(0);
    } finally {
      FakeNotification.supported = true;
    }
  });

  it('titles by display name, else the address; the body is the first 120 characters on one line, as plain text', () => {
    expect(notificationTitle(message({ remoteDisplayName: null, conversation: 'sip:bob@example.org' }))).toBe('bob@example.org');
    expect(notificationTitle(message({ remoteDisplayName: '  \u202eBob\u0007 ' }))).toBe('Bob');
    expect(notificationBody(message({ text: 'line one\n\nline <b>two</b> &amp;' }))).toBe('line one line <b>two</b> &amp;');
    const long = notificationBody(message({ text: '😀'.repeat(200) }));
    expect([...long]).toHaveLength(120);
    expect(long.endsWith('…')).toBe(true);
    expect(notificationBody(message({ text: null, contentType: 'image/png' }))).toBe('Sent something Parley cannot show as text (image/png).');
  });
});
