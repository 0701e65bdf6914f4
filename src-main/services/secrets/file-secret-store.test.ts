import { chmod, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageProblem } from '../../../src-shared';
import { makeTempProfile } from '../test-support/temp-profile';
import { FileSecretStore } from './file-secret-store';
import type { SecretCipher } from './secret-store';

/** A reversible stand-in for safeStorage: enough to tell encrypted from plain on disk. */
function fakeCipher(available = true): SecretCipher {
  return {
    isAvailable: () => available,
    encrypt: (plain) => Buffer.from(`enc:${[...plain].reverse().join('')}`),
    decrypt: (encrypted) => [...encrypted.toString().slice(4)].reverse().join(''),
  };
}

let profile: Awaited<ReturnType<typeof makeTempProfile>>;
let file: string;
beforeEach(async () => {
  profile = await makeTempProfile();
  file = join(profile.dir, 'secrets.json');
});
afterEach(() => profile.cleanup());

describe('FileSecretStore', () => {
  it('stores, reads back across instances, and deletes', async () => {
    const store = new FileSecretStore(file);
    expect(await store.get('a')).toBeNull();
    await store.set('a', 'one');
    await store.set('b', 'two');
    await store.delete('b');
    await store.delete('missing');
    const again = new FileSecretStore(file);
    expect(await again.get('a')).toBe('one');
    expect(await again.get('b')).toBeNull();
  });

  it('creates the file with mode 0600 and tightens a looser one', async () => {
    const store = new FileSecretStore(file);
    await store.set('a', 'one');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await chmod(file, 0o644);
    expect(await new FileSecretStore(file).get('a')).toBe('one');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temp files behind', async () => {
    const store = new FileSecretStore(file);
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.set(`k${index}`, `v${index}`)));
    expect(await readdir(profile.dir)).toEqual(['secrets.json']);
    const again = new FileSecretStore(file);
    expect(await again.get('k19')).toBe('v19');
  });

  it('encrypts with an available cipher, and never writes the plain value', async () => {
    await new FileSecretStore(file, fakeCipher()).set('a', 'hunter2');
    expect(await readFile(file, 'utf8')).not.toContain('hunter2');
    expect(await new FileSecretStore(file, fakeCipher()).get('a')).toBe('hunter2');
    await expect(new FileSecretStore(file, fakeCipher(false)).get('a')).rejects.toMatchObject({ code: 'storage-failed' });
  });

  it('writes plain without a usable cipher and reads plain values with one', async () => {
    await new FileSecretStore(file, fakeCipher(false)).set('a', 'plain-value');
    expect(await new FileSecretStore(file, fakeCipher()).get('a')).toBe('plain-value');
  });

  it.each([
    ['garbage bytes', Buffer.from([0xff, 0x00, 0x7b, 0x13])],
    ['JSON of the wrong shape', Buffer.from('{"version":1,"entries":[1,2]}')],
    ['a wrong version', Buffer.from('{"version":9,"entries":{}}')],
  ])('moves %s aside, reports it, and keeps working', async (_label, content) => {
    await writeFile(file, content);
    const store = new FileSecretStore(file);
    const problems: StorageProblem[] = [];
    store.onProblem((problem) => problems.push(problem));
    expect(await store.get('a')).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'secrets', message: expect.stringMatching(/moved aside to secrets\.json\.corrupt-/) });
    const names = await readdir(profile.dir);
    const aside = names.find((name) => name.startsWith('secrets.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(profile.dir, aside!))).toEqual(content);
    await store.set('a', 'new');
    expect(await new FileSecretStore(file).get('a')).toBe('new');
    // A listener that subscribes late still hears about it.
    const late: StorageProblem[] = [];
    store.onProblem((problem) => late.push(problem));
    expect(late).toHaveLength(1);
  });
});
