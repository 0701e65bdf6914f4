import { describe, expect, it } from 'vitest';
import type { SessionId, SessionView } from '../../../../src-shared';
import { createBridge } from '../../bridge/bridge';
import { FakeAdapter } from '../../test-support/fake-adapter';
import { accountsState, chatStream, sessionView, sipAccount, snapshot } from '../../test-support/fixtures';
import { renderWithBridge } from '../../test-support/render';
import { IncomingSessionPrompt } from './incoming-session-prompt';
import { NewSessionForm } from './new-session-form';
import { SessionPane } from './session-pane';

async function bridgeWith(sessions: readonly SessionView[], accounts = accountsState(sipAccount())) {
  const adapter = new FakeAdapter();
  const bridge = createBridge(adapter);
  adapter.answerSnapshot(snapshot(1, accounts, sessions));
  await bridge.whenSynced();
  return { adapter, bridge };
}

describe('session views', () => {
  it('shows an established session with its streams, End, and an open composer', async () => {
    const { bridge } = await bridgeWith([sessionView({ streams: [chatStream('a'), chatStream('b')] })]);
    const html = renderWithBridge(bridge, <SessionPane id={'ses-1' as SessionId} />);
    expect(html).toContain('data-phase="established"');
    expect(html).toContain('>Established<');
    expect(html.match(/data-testid="remove-stream"/g)).toHaveLength(2);
    expect(html).toContain('data-testid="add-chat-stream"');
    expect(html).toContain('End session');
    expect(/<textarea[^>]*data-testid="chat-input"[^>]*>/.exec(html)?.[0]).not.toContain('disabled');
  });

  it('shows a failed session with code, reason and advice, and nothing left to do', async () => {
    const failed = sessionView({ state: 'terminated', streams: [chatStream('a', 'ended')], failure: { originator: 'remote', code: 480, reason: 'Temporarily Unavailable' } });
    const { bridge } = await bridgeWith([failed]);
    const html = renderWithBridge(bridge, <SessionPane id={failed.id} />);
    expect(html).toContain('Failed: 480 Temporarily Unavailable');
    expect(html).toContain('Bob did not answer or is not online.');
    expect(html).not.toContain('data-testid="end-session"');
    expect(html).not.toContain('data-testid="add-chat-stream"');
    expect(/<textarea[^>]*data-testid="chat-input"[^>]*>/.exec(html)?.[0]).toContain('disabled');
  });

  it('offers Cancel while calling', async () => {
    const { bridge } = await bridgeWith([sessionView({ state: 'calling', streams: [chatStream('a', 'initialized')] })]);
    const html = renderWithBridge(bridge, <SessionPane id={'ses-1' as SessionId} />);
    expect(html).toContain('Cancel session');
    expect(html).toContain('Connecting…');
  });

  it('prompts for the oldest incoming session, names the caller and the offered streams, and counts the others', async () => {
    const first = sessionView({ id: 'in-1' as SessionId, direction: 'incoming', state: 'incoming', streams: [], offeredStreamTypes: ['chat'], createdAt: 1 });
    const second = sessionView({ id: 'in-2' as SessionId, direction: 'incoming', state: 'incoming', remoteDisplayName: 'Carol', createdAt: 2 });
    const { bridge } = await bridgeWith([second, first]);
    const html = renderWithBridge(bridge, <IncomingSessionPrompt />);
    expect(html).toContain('role="alertdialog"');
    expect(html).toContain('data-session-id="in-1"');
    expect(html).toContain('Incoming session from Bob');
    expect(html).toContain('Offers: Chat');
    expect(html).toContain('One more caller is waiting.');
    expect(html).toContain('aria-keyshortcuts="A"');
  });

  it('rings for nobody when no session waits for an answer', async () => {
    const { bridge } = await bridgeWith([sessionView()]);
    expect(renderWithBridge(bridge, <IncomingSessionPrompt />)).toBe('');
  });

  it('sends a user without a SIP account to add one instead of showing the form', async () => {
    const { bridge } = await bridgeWith([], accountsState());
    const html = renderWithBridge(bridge, <NewSessionForm />);
    expect(html).toContain('Add a SIP account');
    expect(html).not.toContain('data-testid="start-session"');
  });

  it('offers the enabled SIP accounts and chat, checked', async () => {
    const { bridge } = await bridgeWith([]);
    const html = renderWithBridge(bridge, <NewSessionForm />);
    expect(html).toContain('Alice (alice@example.org)');
    expect(/<input[^>]*data-testid="field-stream-chat"[^>]*>/.exec(html)?.[0]).toContain('checked');
  });
});
