import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountId, AccountsState, SipAccountView, StorageProblem } from '../../../src-shared';
import { validDraft } from '../../../src-shared/test-support/account-drafts';
import { createLogger } from '../../common';
import { FileSecretStore } from '../secrets';
import { makeTempProfile } from '../test-support/temp-profile';
import { AccountManager } from './account-manager';
import type { AccountsMigration } from './account-file';

let profile: Awaited<ReturnType<typeof makeTempProfile>>;
beforeEach(async () => {
  profile = await makeTempProfile();
});
afterEach(() => profile.cleanup());

const logger = createLogger({ level: 'silent' });

function load(migrations?: Readonly<Record<number, AccountsMigration>>): Promise<AccountManager> {
  const secretStore = new FileSecretStore(join(profile.dir, 'secrets.json'));
  return AccountManager.load({ profileDir: profile.dir, secretStore, logger, ...(migrations ? { migrations } : {}) });
}

async function addSip(manager: AccountManager, address: string, password?: string): Promise<SipAccountView> {
  const view = await manager.add(validDraft({ address, ...(password === undefined ? {} : { password }) }));
  if (view.kind !== 'sip') throw new Error('expected a SIP account');
  return view;
}

describe('AccountManager', () => {
  it('starts with only the LAN account, as the default, and writes it so its id is stable', async () => {
    const manager = await load();
    const [lan, ...rest] = manager.list();
    expect(rest).toEqual([]);
    expect(lan).toMatchObject({ kind: 'lan', enabled: true });
    expect(manager.state().defaultAccountId).toBe(lan?.id);
    expect((await load()).list()[0]?.id).toBe(lan?.id);
  });

  it('adds accounts with random ids; the first SIP account becomes the default', async () => {
    const manager = await load();
    const changes: AccountsState[] = [];
    manager.on('changed', (state) => changes.push(state));
    const alice = await addSip(manager, 'alice@example.com', 'pw');
    const bob = await addSip(manager, 'bob@example.com');
    expect(alice.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(alice.id).not.toBe(bob.id);
    expect(alice).toMatchObject({ enabled: true, hasPassword: true, registration: { state: 'unregistered' } });
    expect(bob.hasPassword).toBe(false);
    expect(manager.state().defaultAccountId).toBe(alice.id);
    expect(changes).toHaveLength(2);
    expect(changes[1]?.accounts).toHaveLength(3);
  });

  it('refuses a duplicate address, whatever its case, on add and on update', async () => {
    const manager = await load();
    const alice = await addSip(manager, 'alice@example.com');
    const bob = await addSip(manager, 'bob@example.com');
    await expect(manager.add(validDraft({ address: 'ALICE@Example.com' }))).rejects.toMatchObject({ code: 'conflict', field: 'address' });
    await expect(manager.update(bob.id, validDraft({ address: 'Alice@example.com' }))).rejects.toMatchObject({ code: 'conflict' });
    // Changing only the case of one's own address is fine.
    await expect(manager.update(alice.id, validDraft({ address: 'Alice@example.com' }))).resolves.toMatchObject({ id: alice.id });
  });

  it('update changes settings and the password only when asked', async () => {
    const manager = await load();
    const alice = await addSip(manager, 'alice@example.com', 'one');
    const kept = await manager.update(alice.id, validDraft({ displayName: 'Alice B' }));
    expect(kept).toMatchObject({ hasPassword: true, settings: { displayName: 'Alice B' } });
    const cleared = await manager.update(alice.id, validDraft({ password: null }));
    expect(cleared).toMatchObject({ hasPassword: false });
    const secrets = new FileSecretStore(join(profile.dir, 'secrets.json'));
    expect(await secrets.get(`account:${alice.id}:password`)).toBeNull();
    await manager.update(alice.id, validDraft({ password: 'two' }));
    expect(await new FileSecretStore(join(profile.dir, 'secrets.json')).get(`account:${alice.id}:password`)).toBe('two');
  });

  it('the LAN account cannot be removed or given server settings, but can be renamed and disabled', async () => {
    const manager = await load();
    const lanId = manager.list()[0]!.id;
    await expect(manager.remove(lanId)).rejects.toMatchObject({ code: 'conflict' });
    await expect(manager.update(lanId, validDraft())).rejects.toMatchObject({ code: 'conflict' });
    expect(await manager.renameLan('Office LAN')).toMatchObject({ kind: 'lan', displayName: 'Office LAN' });
    expect(await manager.setEnabled(lanId, false)).toMatchObject({ kind: 'lan', enabled: false });
    await expect(manager.renameLan('  ')).rejects.toMatchObject({ code: 'invalid-argument', field: 'displayName' });
  });

  it('unknown ids are not-found', async () => {
    const manager = await load();
    const ghost = 'ghost' as AccountId;
    await expect(manager.remove(ghost)).rejects.toMatchObject({ code: 'not-found' });
    await expect(manager.update(ghost, validDraft())).rejects.toMatchObject({ code: 'not-found' });
    await expect(manager.setEnabled(ghost, true)).rejects.toMatchObject({ code: 'not-found' });
    await expect(manager.setDefault(ghost)).rejects.toMatchObject({ code: 'not-found' });
    expect(manager.get(ghost)).toBeUndefined();
  });

  it('falls back to another enabled account when the default is removed or disabled', async () => {
    const manager = await load();
    const lanId = manager.list()[0]!.id;
    const alice = await addSip(manager, 'alice@example.com');
    const bob = await addSip(manager, 'bob@example.com');
    await manager.setEnabled(alice.id, false);
    expect(manager.state().defaultAccountId).toBe(bob.id);
    await manager.setDefault(lanId);
    await expect(manager.setDefault(alice.id)).rejects.toMatchObject({ code: 'conflict' });
    await manager.setEnabled(alice.id, true);
    await manager.setDefault(alice.id);
    await manager.remove(alice.id);
    expect(manager.state().defaultAccountId).toBe(bob.id);
    await manager.remove(bob.id);
    expect(manager.state().defaultAccountId).toBe(lanId);
    expect(manager.get(alice.id)).toBeUndefined();
  });

  it('disabled accounts show registration "disabled"', async () => {
    const manager = await load();
    const alice = await addSip(manager, 'alice@example.com');
    expect(await manager.setEnabled(alice.id, false)).toMatchObject({ enabled: false, registration: { state: 'disabled' } });
  });

  it('removing an account deletes its password', async () => {
    const manager = await load();
    const alice = await addSip(manager, 'alice@example.com', 'pw');
    await manager.remove(alice.id);
    expect(await new FileSecretStore(join(profile.dir, 'secrets.json')).get(`account:${alice.id}:password`)).toBeNull();
  });

  it('concurrent mutations are applied one at a time and all persisted', async () => {
    const manager = await load();
    const addresses = Array.from({ length: 15 }, (_, index) => `user${index}@example.com`);
    await Promise.all(addresses.map((address) => manager.add(validDraft({ address }))));
    const reloaded = await load();
    expect(reloaded.list().slice(1).map((view) => (view.kind === 'sip' ? view.settings.address : '')).sort()).toEqual([...addresses].sort());
  });

  it('a change that cannot be saved fails with storage-failed and changes nothing', async () => {
    const manager = await load();
    await addSip(manager, 'alice@example.com');
    // A non-empty directory where accounts.json was makes the final rename fail (permission bits would not
    // stop a test running as root).
    const file = join(profile.dir, 'accounts.json');
    await rm(file);
    await mkdir(join(file, 'x'), { recursive: true });
    await expect(manager.add(validDraft({ address: 'bob@example.com', password: 'pw' }))).rejects.toMatchObject({ code: 'storage-failed' });
    expect(manager.list()).toHaveLength(2);
    expect(await readdir(profile.dir)).not.toContainEqual(expect.stringMatching(/\.tmp-/));
    // The password of the refused account was not left behind.
    expect(await readFile(join(profile.dir, 'secrets.json'), 'utf8').catch(() => '')).not.toContain('pw');
  });

  it('migrates an older file through the migration hook and saves it in the current format', async () => {
    const lanId = 'lan-1';
    await writeFile(
      join(profile.dir, 'accounts.json'),
      JSON.stringify({ version: 0, lanName: 'Old LAN', lanId, sip: [] }),
    );
    const migrations: Record<number, AccountsMigration> = {
      0: (file) => ({ version: 1, defaultAccountId: file.lanId, lan: { id: file.lanId, enabled: true, displayName: file.lanName }, accounts: [] }),
    };
    const problems: StorageProblem[] = [];
    const manager = await load(migrations);
    manager.on('problem', (problem) => problems.push(problem));
    expect(manager.problems).toEqual([]);
    expect(manager.list()).toEqual([{ kind: 'lan', id: lanId, enabled: true, displayName: 'Old LAN' }]);
    expect(JSON.parse(await readFile(join(profile.dir, 'accounts.json'), 'utf8'))).toMatchObject({ version: 1 });
    expect(problems).toEqual([]);
  });
});
