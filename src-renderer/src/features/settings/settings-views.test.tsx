import { afterEach, describe, expect, it } from 'vitest';
import type { AccountId, EventEnvelope, OpenConversationRequest } from '../../../../src-shared';
import { createBridge } from '../../bridge/bridge';
import { FakeAdapter, flushPromises } from '../../test-support/fake-adapter';
import { snapshot } from '../../test-support/fixtures';
import { renderWithBridge } from '../../test-support/render';
import { useConsoleStore } from '../debug-console/console-store';
import { subscribeOpenConversation } from '../main/open-conversation-feed';
import { SettingsPage } from './settings-page';
import { settingsErrorWords } from './settings-words';

async function bridgeIn(adapterKind: 'web' | 'electron') {
  const adapter = new FakeAdapter();
  const bridge = createBridge(adapter);
  const base = snapshot(1);
  adapter.answerSnapshot({ ...base, app: { ...base.app, adapter: adapterKind } });
  await bridge.whenSynced();
  await flushPromises();
  return { adapter, bridge };
}

afterEach(() => useConsoleStore.setState({ developerMode: false, open: false }));

describe('settings page', () => {
  it('offers the log level, "Show log files", developer mode and says the theme follows the system (web mode)', async () => {
    const { bridge } = await bridgeIn('web');
    const html = renderWithBridge(bridge, <SettingsPage />);
    expect(html).toContain('<h1 id="settings-heading" tabindex="-1">Settings</h1>');
    expect(html).toContain('data-testid="log-level"');
    expect(html).toContain('Show log files');
    expect(html).toContain('data-testid="developer-mode"');
    expect(html).toContain('follows your system’s light or dark appearance');
    // Web mode: the browser's own notifications; the desktop switch is not offered.
    expect(html).toContain('data-testid="notifications-web-hint"');
    expect(html).not.toContain('data-testid="notifications-enabled"');
  });

  it('offers the desktop notifications switch in the desktop app', async () => {
    const { bridge } = await bridgeIn('electron');
    const html = renderWithBridge(bridge, <SettingsPage />);
    expect(html).toContain('data-testid="notifications-enabled"');
    expect(html).not.toContain('data-testid="notifications-web-hint"');
  });

  it('developer mode opens the debug console, and turning it off closes it', () => {
    useConsoleStore.getState().setDeveloperMode(true);
    expect(useConsoleStore.getState()).toMatchObject({ developerMode: true, open: true });
    useConsoleStore.getState().setDeveloperMode(false);
    expect(useConsoleStore.getState()).toMatchObject({ developerMode: false, open: false });
  });

  it('words failures by their code', () => {
    expect(settingsErrorWords({ code: 'disconnected', message: 'x' }, 'save')).toMatch(/not connected/);
    expect(settingsErrorWords({ code: 'unavailable', message: 'x' }, 'reveal')).toBe('Parley writes no log files in this mode.');
    expect(settingsErrorWords({ code: 'storage-failed', message: 'x' }, 'save')).toMatch(/could not be saved/);
  });
});

describe('app.openConversation', () => {
  it('reaches the UI through the bridge, in sequence, and is not mirrored', async () => {
    const { adapter } = await bridgeIn('electron');
    const requests: OpenConversationRequest[] = [];
    const unsubscribe = subscribeOpenConversation((request) => requests.push(request));
    const payload: OpenConversationRequest = { accountId: 'acc' as AccountId, conversation: 'sip:bob@example.org' };
    adapter.emit({ seq: 2, name: 'app.openConversation', payload } as EventEnvelope);
    // Older than what the mirror holds: dropped like any other stale event.
    adapter.emit({ seq: 2, name: 'app.openConversation', payload } as EventEnvelope);
    unsubscribe();
    expect(requests).toEqual([payload]);
  });
});
