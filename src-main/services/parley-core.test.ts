import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppSnapshot, EventEnvelope, Result, SipAccountView, TransferView, UploadStart } from '../../src-shared';
import { validDraft } from '../../src-shared/test-support/account-drafts';
import { createLogger, createMemorySink, type MemorySink } from '../common';
import { createParleyCore, type ParleyCore } from './parley-core';
import { makeTempProfile } from './test-support/temp-profile';

let profile: Awaited<ReturnType<typeof makeTempProfile>>;
let cores: ParleyCore[];
beforeEach(async () => {
  profile = await makeTempProfile();
  cores = [];
});
afterEach(async () => {
  for (const core of cores) await core.dispose();
  await profile.cleanup();
});

async function start(memory?: MemorySink): Promise<{ core: ParleyCore; events: EventEnvelope[] }> {
  const logger = createLogger({ level: 'trace', sinks: memory ? [memory.sink] : [] });
  const core = await createParleyCore({ profileDir: profile.dir, adapter: 'web', version: '9.9.9', logger });
  cores.push(core);
  const events: EventEnvelope[] = [];
  core.ipc.subscribe((event) => events.push(event));
  return { core, events };
}

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function snapshot(core: ParleyCore): Promise<AppSnapshot> {
  return value<AppSnapshot>(await core.ipc.invoke('app.getSnapshot', []));
}

describe('createParleyCore', () => {
  it('a fresh profile has the LAN account, app info and no problems', async () => {
    const { core } = await start();
    const snap = await snapshot(core);
    expect(snap.seq).toBe(0);
    expect(snap.accounts.accounts).toEqual([expect.objectContaining({ kind: 'lan' })]);
    expect(snap.storageProblems).toEqual([]);
    expect(snap.app).toEqual({ version: '9.9.9', adapter: 'web', profileName: expect.stringMatching(/^parley-test-/) });
  });

  it('accounts persist across two core instances on the same profile', async () => {
    const first = await start();
    const alice = value<SipAccountView>(await first.core.ipc.invoke('accounts.add', [validDraft({ password: 'pw' })]));
    value(await first.core.ipc.invoke('accounts.renameLan', ['Home']));
    const before = await snapshot(first.core);
    await first.core.dispose();

    const second = await start();
    const after = await snapshot(second.core);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.accounts.defaultAccountId).toBe(alice.id);
    expect(after.accounts.accounts.find((view) => view.id === alice.id)).toMatchObject({ hasPassword: true });
  });

  it('every event has the next seq, and the snapshot carries the seq of the last one', async () => {
    const { core, events } = await start();
    const alice = value<SipAccountView>(await core.ipc.invoke('accounts.add', [validDraft()]));
    await core.ipc.invoke('accounts.setEnabled', [alice.id, false]);
    await core.ipc.invoke('accounts.renameLan', ['LAN']);
    // Failed commands send no event.
    await core.ipc.invoke('accounts.add', [validDraft()]);
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(events.every((event) => event.name === 'accounts.changed')).toBe(true);
    expect((await snapshot(core)).seq).toBe(3);
  });

  it('parallel commands from several windows each get their own answer, and events stay ordered', async () => {
    const { core, events } = await start();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) => core.ipc.invoke('accounts.add', [validDraft({ address: `u${index}@example.com` })])),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 10 }, (_, index) => index + 1));
    const counts = events.map((event) => (event.payload as unknown as { accounts: unknown[] }).accounts.length);
    expect(counts).toEqual(Array.from({ length: 10 }, (_, index) => index + 2));
  });

  it.each([
    ['garbage bytes', Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x22])],
    ['valid JSON of the wrong shape', Buffer.from('{"version":1,"accounts":"none"}')],
    ['a JSON array', Buffer.from('[1,2,3]')],
    ['a wrong version', Buffer.from('{"version":42,"defaultAccountId":null,"lan":{},"accounts":[]}')],
    ['a missing version', Buffer.from('{"defaultAccountId":null,"accounts":[]}')],
    ['an empty file', Buffer.alloc(0)],
  ])('accounts.json with %s is moved aside, reported, and the app continues with the LAN account', async (_label, content) => {
    const file = join(profile.dir, 'accounts.json');
    await writeFile(file, content);
    const { core, events } = await start();
    const snap = await snapshot(core);
    expect(snap.accounts.accounts).toEqual([expect.objectContaining({ kind: 'lan' })]);
    expect(snap.storageProblems).toEqual([{ file: 'accounts', message: expect.stringMatching(/moved aside to accounts\.json\.corrupt-/) }]);
    // The problem was sent as an event before the snapshot; a late subscriber finds it in the snapshot.
    expect(events).toEqual([]);
    const names = await readdir(profile.dir);
    const aside = names.filter((name) => name.startsWith('accounts.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(profile.dir, aside[0]!))).toEqual(content);
    // And it keeps working: a new account is saved to a fresh accounts.json.
    value(await core.ipc.invoke('accounts.add', [validDraft()]));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('an unreadable accounts.json (a directory) is moved aside too', async () => {
    await mkdir(join(profile.dir, 'accounts.json', 'inner'), { recursive: true });
    const { core } = await start();
    const snap = await snapshot(core);
    expect(snap.storageProblems).toHaveLength(1);
    expect((await readdir(profile.dir)).some((name) => name.startsWith('accounts.json.corrupt-'))).toBe(true);
    expect(snap.accounts.accounts).toHaveLength(1);
  });

  it('a corrupt secrets.json is moved aside and reported; accounts survive without their passwords', async () => {
    const first = await start();
    const alice = value<SipAccountView>(await first.core.ipc.invoke('accounts.add', [validDraft({ password: 'pw' })]));
    await first.core.dispose();
    await writeFile(join(profile.dir, 'secrets.json'), '{"version":1,"entries":');
    const { core } = await start();
    const snap = await snapshot(core);
    expect(snap.storageProblems).toEqual([{ file: 'secrets', message: expect.stringMatching(/moved aside to secrets\.json\.corrupt-/) }]);
    expect(snap.accounts.accounts.find((view) => view.id === alice.id)).toMatchObject({ hasPassword: false });
    expect((await readdir(profile.dir)).some((name) => name.startsWith('secrets.json.corrupt-'))).toBe(true);
  });

  it('the password never appears in accounts.json, the snapshot, any event, or the log', async () => {
    const memory = createMemorySink(10_000);
    const password = 'Tr0ub4dor&3-unique-secret';
    const { core, events } = await start(memory);
    const alice = value<SipAccountView>(await core.ipc.invoke('accounts.add', [validDraft({ password })]));
    await core.ipc.invoke('accounts.update', [alice.id, validDraft({ displayName: 'A', password: `${password}-2` })]);
    // A failing command carrying the password, and one that is refused by validation.
    await core.ipc.invoke('accounts.add', [validDraft({ password })]);
    await core.ipc.invoke('accounts.add', [validDraft({ password, bogus: password })]);
    await core.ipc.invoke('accounts.update', ['no-such-id', validDraft({ password })]);
    const snap = await snapshot(core);
    await core.dispose();

    const haystacks = {
      accountsJson: await readFile(join(profile.dir, 'accounts.json'), 'utf8'),
      snapshot: JSON.stringify(snap),
      events: JSON.stringify(events),
      log: JSON.stringify(memory.records()),
    };
    for (const [where, text] of Object.entries(haystacks)) {
      expect(text.includes(password), where).toBe(false);
    }
    expect(memory.records().length).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
    // It is stored, in the secret store only.
    expect(await readFile(join(profile.dir, 'secrets.json'), 'utf8')).toContain(`${password}-2`);
  });

  it('web uploads: leftovers swept at startup, staged through the router, deleted when their transfer fails', async () => {
    await mkdir(join(profile.dir, 'uploads', 'crashed'), { recursive: true });
    await writeFile(join(profile.dir, 'uploads', 'crashed', 'half.bin'), 'half');
    const { core, events } = await start();
    expect(await readdir(join(profile.dir, 'uploads'))).toEqual([]);
    const alice = value<SipAccountView>(await core.ipc.invoke('accounts.add', [validDraft()]));
    const { id, chunkBytes } = value<UploadStart>(await core.ipc.invoke('transfers.uploadBegin', ['../notes.txt', 5]));
    expect(chunkBytes).toBe(1024 * 1024);
    expect(await core.ipc.invoke('transfers.uploadChunk', [id, 1, new Uint8Array(4)])).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value(await core.ipc.invoke('transfers.uploadChunk', [id, 0, new TextEncoder().encode('hello')]))).toEqual({ received: 5 });
    expect(await readFile(join(profile.dir, 'uploads', id, 'notes.txt'), 'utf8')).toBe('hello');
    // This core runs no SIP account: the transfer fails once hashed, and its staged copy goes with it.
    const sent = value<TransferView>(await core.ipc.invoke('transfers.uploadSend', [id, alice.id, 'sip:bob@example.com']));
    expect(sent).toMatchObject({ direction: 'outgoing', name: 'notes.txt', size: 5, state: 'preparing' });
    await expect.poll(() => events.some((event) => event.name === 'transfers.changed' && (event.payload as TransferView).state === 'failed')).toBe(true);
    await expect.poll(() => readdir(join(profile.dir, 'uploads'))).toEqual([]);
    // An upload left open is deleted by dispose.
    const open = value<UploadStart>(await core.ipc.invoke('transfers.uploadBegin', ['open.bin', 10]));
    expect(await readdir(join(profile.dir, 'uploads'))).toEqual([open.id]);
    expect(value(await core.ipc.invoke('transfers.uploadAbort', [open.id]))).toBeNull();
    expect(await core.ipc.invoke('transfers.uploadAbort', [open.id])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await core.ipc.invoke('transfers.uploadBegin', ['left-open.bin', 10]);
    await core.dispose();
    expect(await readdir(join(profile.dir, 'uploads'))).toEqual([]);
  });

  it('after dispose, commands answer unavailable and no events flow', async () => {
    const { core, events } = await start();
    await core.dispose();
    await core.dispose();
    expect(await core.ipc.invoke('app.getSnapshot', [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(events).toEqual([]);
  });

  it('dispose waits for accepted commands to finish writing', async () => {
    const { core } = await start();
    const pending = core.ipc.invoke('accounts.add', [validDraft()]);
    await core.dispose();
    expect((await pending).ok).toBe(true);
    const saved = JSON.parse(await readFile(join(profile.dir, 'accounts.json'), 'utf8')) as { accounts: unknown[] };
    expect(saved.accounts).toHaveLength(1);
  });
});
