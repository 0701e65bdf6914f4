import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures/parley-test';

const ADDRESS = 'alice@example.com';
const DISPLAY_NAME = 'Alice Example';
const PROXY = { host: 'proxy.example.com', port: 5061, transport: 'tls' } as const;

test('an account added in the UI survives a restart, and its password never comes back', async ({ page, host, accounts }) => {
  // Unique, so finding it anywhere can only mean a leak.
  const password = `pw-${randomUUID()}`;
  const received: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => received.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8')));
  });

  await accounts.open(host.url);
  await expect(accounts.firstRun).toBeVisible();
  await accounts.form.fill({ address: ADDRESS, displayName: DISPLAY_NAME, password, outboundProxy: PROXY });
  await accounts.form.submit();
  await expect(accounts.row(ADDRESS)).toContainText(DISPLAY_NAME);
  await expect(accounts.lanRow()).toBeVisible();

  await host.restart();
  await accounts.open(host.url);
  await expect(accounts.row(ADDRESS)).toContainText(DISPLAY_NAME);
  await accounts.edit(ADDRESS);
  await expect(accounts.form.passwordSavedHint).toHaveText('Password saved — leave empty to keep it.');
  await expect(accounts.form.password).toHaveValue('');
  await accounts.form.openAdvanced();
  await expect(accounts.form.field('outboundProxy.host')).toHaveValue(PROXY.host);
  await expect(accounts.form.field('outboundProxy.port')).toHaveValue(String(PROXY.port));
  await expect(accounts.form.field('outboundProxy.transport')).toHaveValue(PROXY.transport);

  expect(await accounts.everythingOnPage()).not.toContain(password);
  // Both sessions' frames: snapshots and accounts.changed events, before and after the restart.
  expect(received.some((frame) => frame.includes(ADDRESS))).toBe(true);
  expect(received.join('\n')).not.toContain(password);
  const accountsFile = await readFile(host.accountsFile, 'utf8');
  expect(accountsFile).toContain(ADDRESS);
  expect(accountsFile).not.toContain(password);
});

test('a bad address is reported beside the field and nothing is saved', async ({ host, accounts }) => {
  await accounts.open(host.url);
  await accounts.form.fill({ address: 'alice.example.com', displayName: 'No At Sign', password: 'x' });
  await accounts.form.submit();
  await expect(accounts.form.error('address')).toContainText('user@domain');
  await expect(accounts.form.address).toHaveAttribute('aria-invalid', 'true');
  await expect(accounts.form.address).toBeFocused();

  // Nothing reached the core: after leaving the welcome screen only the LAN account is listed.
  await accounts.useLanOnly();
  await expect(accounts.lanRow()).toBeVisible();
  await expect(accounts.rows).toHaveCount(1);
  await host.restart();
  await accounts.open(host.url);
  await expect(accounts.firstRun).toBeVisible();
});

test('the form can be filled and submitted with the keyboard alone', async ({ host, accounts }) => {
  await accounts.open(host.url);
  await expect(accounts.form.address).toBeFocused();
  await accounts.form.fillAndSubmitWithKeyboard({ address: 'bob@example.org', displayName: 'Bob', password: 'keyboard-only' });
  await expect(accounts.row('bob@example.org')).toContainText('Bob');

  // Escape closes an open form without saving.
  await accounts.startAdding();
  await accounts.form.address.fill('carol@example.org');
  await accounts.form.cancelWithEscape();
  await expect(accounts.form.root).toHaveCount(0);
  await expect(accounts.rows).toHaveCount(2);
});

test('deleting asks first; Escape keeps the account, confirming removes it', async ({ page, host, accounts }) => {
  await accounts.open(host.url);
  await accounts.form.fill({ address: 'dave@example.org', displayName: 'Dave' });
  await accounts.form.submit();
  await expect(accounts.row('dave@example.org')).toBeVisible();

  await accounts.askDelete('dave@example.org');
  await expect(accounts.deleteDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(accounts.deleteDialog).toHaveCount(0);
  await expect(accounts.row('dave@example.org')).toBeVisible();

  await accounts.askDelete('dave@example.org');
  await accounts.confirmDelete();
  await expect(accounts.row('dave@example.org')).toHaveCount(0);
  await expect(accounts.rows).toHaveCount(1);
});

test('the LAN account can be renamed and keeps its LAN label', async ({ host, accounts }) => {
  await accounts.open(host.url);
  await accounts.useLanOnly();
  await accounts.renameLan('Office laptop');
  await expect(accounts.lanRow()).toContainText('Office laptop');
  await expect(accounts.lanRow()).toContainText('LAN');
});
