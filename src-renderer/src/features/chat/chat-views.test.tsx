import { describe, expect, it } from 'vitest';
import type { AccountId } from '../../../../src-shared';
import { createBridge } from '../../bridge/bridge';
import { chatMessage, conversationView } from '../../test-support/chat-fixtures';
import { FakeAdapter, flushPromises } from '../../test-support/fake-adapter';
import { accountsState, sessionView, sipAccount, snapshot } from '../../test-support/fixtures';
import { renderWithBridge } from '../../test-support/render';
import { ConversationItem } from './conversation-item';
import { ConversationPane } from './conversation-pane';
import { MessageRow } from './message-row';

const ACC = 'acc-1' as AccountId;
const BOB = 'sip:bob@example.org';

describe('chat views', () => {
  it('lists a conversation with its preview, unread badge and live dot', () => {
    const html = renderWithBridge(
      createBridge(new FakeAdapter()),
      <ConversationItem conversation={conversationView(chatMessage({ text: 'see you' }), { unread: 3 })} live selected={false} now={1_000} onOpen={() => undefined} />,
    );
    expect(html).toContain('data-testid="unread-badge"');
    expect(html).toContain('>3<');
    expect(html).toContain('data-testid="conversation-live-dot"');
    expect(html).toContain('Bob, chat session active, 3 unread: see you');
  });

  it('renders links safely and only for http(s)', () => {
    const html = renderWithBridge(createBridge(new FakeAdapter()), <MessageRow message={chatMessage({ text: 'go https://example.com/a or javascript:alert(1)' })} partyName="Bob" highlighted={false} />);
    expect(html).toContain('<a href="https://example.com/a" target="_blank" rel="noopener noreferrer"');
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).not.toContain('href="javascript');
  });

  it('shows a failed message with a focusable mark and its reason as a tooltip', () => {
    const failed = chatMessage({ direction: 'out', state: 'failed', stateCode: 480, stateReason: 'Temporarily Unavailable' });
    const html = renderWithBridge(createBridge(new FakeAdapter()), <MessageRow message={failed} partyName="Bob" highlighted={false} />);
    expect(html).toMatch(/role="img" aria-label="Not delivered: 480 Temporarily Unavailable"[^>]*tabindex="0"/);
    expect(html).toContain('role="tooltip"');
  });

  it('shows the open conversation: its messages from the mirror, who is typing, and the live session', async () => {
    const adapter = new FakeAdapter();
    adapter.answer = (name) => (name === 'history.page' ? { ok: true, value: { messages: [chatMessage({ id: 'x', text: 'hello there' })], next: null } } : { ok: true, value: null });
    const bridge = createBridge(adapter);
    adapter.answerSnapshot(snapshot(1, accountsState(sipAccount()), [sessionView()]));
    await bridge.whenSynced();
    await bridge.chat.open(ACC, BOB);
    adapter.emit({ seq: 2, name: 'chat.composing', payload: { accountId: ACC, conversation: BOB, remoteUri: BOB, state: 'active' } });
    await flushPromises();
    const html = renderWithBridge(bridge, <ConversationPane target={{ accountId: ACC, conversation: BOB }} />);
    expect(html).toContain('hello there');
    expect(html).toContain('Bob is typing…');
    expect(html).toContain('data-testid="conversation-live"');
    expect(html).toContain('Start of the conversation');
    expect(html).toContain('role="log"');
  });
});
