import { describe, expect, it } from 'vitest';
import type { DesktopStreamView, MediaStreamView, SessionId, SessionView, StreamId } from '../../../../src-shared';
import { createBridge } from '../../bridge/bridge';
import { FakeAdapter } from '../../test-support/fake-adapter';
import { accountsState, chatStream, sessionView, sipAccount, snapshot } from '../../test-support/fixtures';
import { renderWithBridge } from '../../test-support/render';
import { IncomingSessionPrompt } from '../sessions/incoming-session-prompt';
import { DesktopSharingPanel } from './desktop-sharing-panel';
import { desktopOfferWords, desktopStreamWords, viewerStatusWords } from './desktop-words';

function desktopStream(id: string, desktop: Partial<DesktopStreamView>, state: MediaStreamView['state'] = 'started'): MediaStreamView {
  return { id: id as StreamId, type: 'desktop-sharing', state, failure: null, desktop: { role: 'viewer', phase: 'active', sharing: false, viewOnly: false, ...desktop } };
}

async function render(view: SessionView, element = <DesktopSharingPanel view={view} />): Promise<string> {
  const adapter = new FakeAdapter();
  const bridge = createBridge(adapter);
  adapter.answerSnapshot(snapshot(1, accountsState(sipAccount()), [view]));
  await bridge.whenSynced();
  return renderWithBridge(bridge, element);
}

describe('desktop sharing words', () => {
  it('says where the viewer stands, and why it failed', () => {
    expect(viewerStatusWords({ phase: 'connecting', problem: null, viewOnly: false }, 'Bob')).toBe('Connecting to Bob’s screen…');
    expect(viewerStatusWords({ phase: 'connected', problem: null, viewOnly: true }, 'Bob')).toContain('view only');
    expect(viewerStatusWords({ phase: 'failed', problem: 'The desktop-sharing connection failed.', viewOnly: false }, 'Bob')).toBe(
      'Viewing failed: The desktop-sharing connection failed.',
    );
  });

  it('names our side of a stream', () => {
    expect(desktopStreamWords(desktopStream('d', { role: 'server', phase: 'awaiting-confirmation' }), 'Bob')).toBe('Bob asks to view your screen');
    expect(desktopStreamWords(desktopStream('d', { role: 'server', phase: 'active', sharing: true, viewOnly: true }), 'Bob')).toBe('Sharing your screen with Bob (view only)');
    expect(desktopStreamWords({ ...desktopStream('d', { role: 'server' }, 'failed'), failure: 'x11vnc is not installed' }, 'Bob')).toBe(
      'Screen sharing failed: x11vnc is not installed',
    );
    expect(desktopStreamWords(chatStream('c'), 'Bob')).toBeNull();
  });

  it('explains an incoming desktop offer by our role', () => {
    expect(desktopOfferWords({ offeredStreamTypes: ['desktop-sharing'], offeredDesktopRole: 'server' }, 'Bob')).toContain('Bob asks to view your screen');
    expect(desktopOfferWords({ offeredStreamTypes: ['desktop-sharing'], offeredDesktopRole: 'viewer' }, 'Bob')).toBe('Bob offers to show you their screen.');
    expect(desktopOfferWords({ offeredStreamTypes: ['chat'] }, 'Bob')).toBeNull();
  });
});

describe('desktop sharing panel', () => {
  it('offers both requests in an established session, and none while it changes streams', async () => {
    const html = await render(sessionView());
    expect(html).toContain('Request to view Bob’s screen');
    expect(html).toContain('Share my screen');
    const changing = await render(sessionView({ state: 'proposing' }));
    expect(changing).not.toContain('data-testid="request-view"');
    expect(changing).not.toContain('data-testid="share-screen"');
  });

  it('shows the viewer panel with its controls and state while viewing, and no second request to view', async () => {
    const html = await render(sessionView({ streams: [chatStream('c'), desktopStream('d1', { role: 'viewer' })] }));
    expect(html).toContain('data-testid="desktop-viewer"');
    expect(html).toContain('data-stream-id="d1"');
    expect(html).toContain('Opening the viewer…');
    for (const control of ['Scale to window', 'Full screen', 'View only', 'Send Ctrl+Alt+Del', 'Stop viewing']) expect(html).toContain(control);
    expect(html).toMatch(/aria-pressed="true"[^>]*data-testid="desktop-scale"/);
    expect(html).not.toContain('data-testid="request-view"');
    expect(html).toContain('Share my screen');
  });

  it('shows the sharing indicator with Stop while our screen is shared', async () => {
    const html = await render(sessionView({ streams: [desktopStream('d2', { role: 'server', phase: 'active', sharing: true })] }));
    expect(html).toContain('data-testid="sharing-indicator"');
    expect(html).toContain('Sharing your screen');
    expect(html).toContain('Stop sharing');
    expect(html).not.toContain('data-testid="share-screen"');
    expect(html).not.toContain('data-testid="desktop-viewer"');
  });

  it('asks before sharing when the peer requested it in the session, and shares nothing yet', async () => {
    const html = await render(sessionView({ streams: [chatStream('c'), desktopStream('d3', { role: 'server', phase: 'awaiting-confirmation' })] }));
    expect(html).toContain('data-testid="sharing-request"');
    expect(html).toContain('role="alert"');
    expect(html).toContain('Allow Bob to view');
    expect(html).toContain('Decline');
    expect(html).not.toContain('data-testid="stop-sharing"');
  });

  it('shows nothing of a stopped sharing or an ended viewer', async () => {
    const html = await render(
      sessionView({ streams: [chatStream('c'), desktopStream('d4', { role: 'server', phase: 'stopped' }, 'ended'), desktopStream('d5', { role: 'viewer', phase: 'stopped' }, 'ended')] }),
    );
    expect(html).not.toContain('data-testid="sharing-indicator"');
    expect(html).not.toContain('data-testid="desktop-viewer"');
  });

  it('the incoming prompt says the caller asks to view our screen', async () => {
    const incoming = sessionView({ id: 'in-1' as SessionId, direction: 'incoming', state: 'incoming', streams: [], offeredStreamTypes: ['desktop-sharing'], offeredDesktopRole: 'server' });
    const html = await render(incoming, <IncomingSessionPrompt />);
    expect(html).toContain('Offers: Desktop sharing');
    expect(html).toContain('Bob asks to view your screen. Accepting shares it until you press Stop.');
  });
});
