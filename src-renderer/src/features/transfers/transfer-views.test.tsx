import { describe, expect, it } from 'vitest';
import type { EventEnvelope, SessionId, TransferId, TransferView } from '../../../../src-shared';
import { createBridge } from '../../bridge/bridge';
import { FakeAdapter, flushPromises } from '../../test-support/fake-adapter';
import { accountsState, sessionView, sipAccount, snapshot, transferView } from '../../test-support/fixtures';
import { renderWithBridge } from '../../test-support/render';
import { IncomingSessionPrompt } from '../sessions/incoming-session-prompt';
import { SessionPane } from '../sessions/session-pane';
import { TransfersPage } from './transfers-page';
import { TransfersSidebar } from './transfers-sidebar';
import { sentStatus } from './send-files-form';
import { canRetry } from './transfer-item';

async function bridgeWith(transfers: readonly TransferView[], sessions = [sessionView()]) {
  const adapter = new FakeAdapter();
  adapter.answer = (name) => (name === 'transfers.list' ? { ok: true, value: { seq: 1, transfers } } : { ok: true, value: null });
  const bridge = createBridge(adapter);
  adapter.answerSnapshot(snapshot(1, accountsState(sipAccount()), sessions));
  await bridge.whenSynced();
  await flushPromises();
  return { adapter, bridge };
}

describe('transfer views', () => {
  it('shows a moving transfer with a progress bar carrying its values, speed, time left and Cancel', async () => {
    const { bridge } = await bridgeWith([transferView()]);
    const html = renderWithBridge(bridge, <TransfersPage />);
    expect(html).toMatch(/<progress[^>]*aria-valuenow="25"[^>]*>/);
    expect(html).toContain('aria-valuetext="25% (500 kB of 2 MB)"');
    expect(html).toContain('250 kB/s');
    expect(html).toContain('6 s left');
    expect(html).toContain('data-testid="cancel-transfer"');
    expect(html).not.toContain('data-testid="accept-transfer"');
  });

  it('offers an incoming file in the sidebar with name, size, type, Accept and Decline, and announces it', async () => {
    const offer = transferView({ id: 'in' as TransferId, direction: 'incoming', state: 'offered', bytes: 0, bytesPerSecond: 0, etaSeconds: null });
    const { bridge } = await bridgeWith([offer]);
    const html = renderWithBridge(bridge, <TransfersSidebar />);
    expect(html).toContain('Bob offers the file report.pdf (2 MB, application/pdf).');
    expect(html).toContain('aria-label="Accept report.pdf"');
    expect(html).toContain('aria-label="Decline report.pdf"');
    expect(html).toContain('application/pdf');
    expect(html).not.toContain('<progress');
  });

  it('shows where a received file was saved', async () => {
    const done = transferView({ direction: 'incoming', state: 'completed', bytes: 2_000_000, path: '/downloads/report.pdf' });
    const { bridge } = await bridgeWith([done]);
    const html = renderWithBridge(bridge, <TransfersPage />);
    expect(html).toContain('>/downloads/report.pdf<');
    expect(html).toContain('Received');
  });

  it('offers Show in folder and Open (asking first) on a received file in the desktop app only', async () => {
    const done = transferView({ direction: 'incoming', state: 'completed', bytes: 2_000_000, path: '/downloads/report.pdf' });
    const web = await bridgeWith([done]);
    const webHtml = renderWithBridge(web.bridge, <TransfersPage />);
    expect(webHtml).not.toContain('data-testid="reveal-transfer"');
    expect(webHtml).not.toContain('data-testid="open-transfer"');
    // A browser window has the chooser too: the chosen files' bytes are copied into Parley.
    expect(webHtml).toContain('data-testid="transfer-file-picker"');

    const adapter = new FakeAdapter();
    adapter.answer = (name) => (name === 'transfers.list' ? { ok: true, value: { seq: 1, transfers: [done, transferView({ id: 'out' as TransferId, state: 'completed', path: '/home/alice/x.pdf' })] } } : { ok: true, value: null });
    const bridge = createBridge(adapter);
    const desktop = snapshot(1, accountsState(sipAccount()), []);
    adapter.answerSnapshot({ ...desktop, app: { ...desktop.app, adapter: 'electron' } });
    await bridge.whenSynced();
    await flushPromises();
    const html = renderWithBridge(bridge, <TransfersPage />);
    expect(html.match(/data-testid="reveal-transfer"/g)).toHaveLength(1);
    expect(html).toContain('aria-label="Show report.pdf in its folder"');
    expect(html).toContain('aria-label="Open report.pdf"');
    // The confirmation appears only once Open is pressed.
    expect(html).not.toContain('data-testid="confirm-open-transfer"');
  });

  it('offers "Send file…" in an established session only', async () => {
    const { bridge } = await bridgeWith([], [sessionView(), sessionView({ id: 'calling' as SessionId, state: 'calling' })]);
    expect(renderWithBridge(bridge, <SessionPane id={'ses-1' as SessionId} />)).toContain('data-testid="open-send-file"');
    expect(renderWithBridge(bridge, <SessionPane id={'calling' as SessionId} />)).not.toContain('data-testid="open-send-file"');
  });

  it('never rings the incoming-session prompt for a file-only session', async () => {
    const fileSession = sessionView({ id: 'f' as SessionId, direction: 'incoming', state: 'incoming', streams: [], offeredStreamTypes: ['file-transfer'] });
    const { bridge, adapter } = await bridgeWith([], [fileSession]);
    expect(renderWithBridge(bridge, <IncomingSessionPrompt />)).toBe('');
    const chatSession: EventEnvelope = { seq: 2, name: 'sessions.changed', payload: { ...fileSession, id: 'c' as SessionId, offeredStreamTypes: ['chat', 'file-transfer'] } };
    adapter.emit(chatSession);
    expect(renderWithBridge(bridge, <IncomingSessionPrompt />)).toContain('data-session-id="c"');
  });
  it('says what the form did with files sent by path and files being copied in', () => {
    expect(sentStatus(0, 0)).toBeNull();
    expect(sentStatus(1, 0)).toBe('One file offered.');
    expect(sentStatus(2, 1)).toBe('2 files offered. One file is being copied into Parley and will be offered.');
    expect(sentStatus(0, 3)).toBe('3 files are being copied into Parley and will be offered.');
  });
  it('offers to try a failed or cancelled transfer again, but not a declined one or an incoming one without its hash', async () => {
    const failure = { code: 'connection-lost', message: 'The connection dropped.' } as const;
    expect(canRetry({ state: 'failed', direction: 'outgoing', hash: null })).toBe(true);
    expect(canRetry({ state: 'cancelled', direction: 'incoming', hash: 'AB:CD' })).toBe(true);
    expect(canRetry({ state: 'failed', direction: 'incoming', hash: null })).toBe(false);
    expect(canRetry({ state: 'declined', direction: 'outgoing', hash: null })).toBe(false);
    expect(canRetry({ state: 'completed', direction: 'outgoing', hash: null })).toBe(false);
    const { bridge } = await bridgeWith([
      transferView({ id: 'in' as TransferId, direction: 'incoming', state: 'failed', failure, hash: 'AB:CD', name: 'cut.bin' }),
      transferView({ id: 'out' as TransferId, state: 'failed', failure, name: 'sent.bin' }),
    ]);
    const html = renderWithBridge(bridge, <TransfersPage />);
    expect(html).toContain('aria-label="Try cut.bin again"');
    expect(html).toMatch(/data-testid="retry-transfer">Ask again</);
    expect(html).toMatch(/data-testid="retry-transfer">Send again</);
  });
});
