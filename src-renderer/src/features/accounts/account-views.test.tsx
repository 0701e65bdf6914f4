import { describe, expect, it } from 'vitest';
import { App } from '../../app';
import { createBridge } from '../../bridge/bridge';
import { FakeAdapter } from '../../test-support/fake-adapter';
import { accountsState, sipAccount, snapshot } from '../../test-support/fixtures';
import { renderWithBridge } from '../../test-support/render';
import { AccountForm } from './account-form';
import { describeRegistration } from './registration-status';

async function bridgeWith(state = accountsState()) {
  const adapter = new FakeAdapter();
  const bridge = createBridge(adapter);
  adapter.answerSnapshot(snapshot(1, state));
  await bridge.whenSynced();
  return bridge;
}

const noop = () => undefined;

describe('account views', () => {
  it('shows the loading screen until the first snapshot', () => {
    const bridge = createBridge(new FakeAdapter('connecting'));
    expect(renderWithBridge(bridge, <App />)).toContain('data-testid="loading"');
  });

  it('welcomes a first start (only the LAN account) with the add form', async () => {
    const html = renderWithBridge(await bridgeWith(), <App />);
    expect(html).toContain('data-testid="first-run"');
    expect(html).toContain('Use LAN only');
  });

  it('lists accounts with status, default marker and the LAN label', async () => {
    const account = sipAccount({ registration: { state: 'failed', code: 403, reason: 'Forbidden' } });
    const html = renderWithBridge(await bridgeWith(accountsState(account)), <App />);
    expect(html).toContain('data-account-address="alice@example.org"');
    expect(html).toContain('Registration failed: 403 Forbidden');
    expect(html).toContain('data-testid="lan-label"');
    expect(html.match(/data-testid="default-marker"/g)).toHaveLength(1);
  });

  it('never pre-fills a saved password and says it is saved', async () => {
    const account = sipAccount({ hasPassword: true });
    const html = renderWithBridge(await bridgeWith(accountsState(account)), <AccountForm account={account} onDone={noop} onCancel={noop} />);
    const passwordInput = /<input[^>]*type="password"[^>]*>/.exec(html)?.[0] ?? '';
    expect(passwordInput).toContain('value=""');
    expect(html).toContain('Password saved — leave empty to keep it.');
    expect(html).toContain('Remove the saved password');
  });

  it('offers no "saved" hint or removal for an account without a password', async () => {
    const account = sipAccount({ hasPassword: false });
    const html = renderWithBridge(await bridgeWith(accountsState(account)), <AccountForm account={account} onDone={noop} onCancel={noop} />);
    expect(html).not.toContain('password-saved-hint');
    expect(html).not.toContain('Remove the saved password');
  });

  it('shows the registration status and what to do in the sidebar of the main screen', async () => {
    const account = sipAccount({ registration: { state: 'failed', code: 403, reason: 'Wrong Password' } });
    const html = renderWithBridge(await bridgeWith(accountsState(account)), <App />);
    const sidebar = /<nav[^>]*data-testid="sidebar"[\s\S]*<\/nav>/.exec(html)?.[0] ?? '';
    expect(sidebar).toContain('Registration failed: 403 Wrong Password');
    expect(sidebar).toContain('Check the password');
    expect(sidebar).toContain('data-testid="new-session"');
    expect(describeRegistration(account.registration, true, 0).tone).toBe('problem');
  });
});
