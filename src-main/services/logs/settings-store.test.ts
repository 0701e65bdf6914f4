import { readFile, readdir, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, createMemorySink } from '../../common';
import { ServicesError } from '../errors';
import { makeTempProfile } from '../test-support/temp-profile';
import { SETTINGS_FILE_NAME, SettingsStore } from './settings-store';

let profile: Awaited<ReturnType<typeof makeTempProfile>>;
let file: string;

beforeEach(async () => {
  profile = await makeTempProfile();
  file = join(profile.dir, SETTINGS_FILE_NAME);
});

afterEach(async () => {
  await profile.cleanup();
});

describe('SettingsStore', () => {
  it('starts empty without a file, writes a section atomically and privately, and reads it back', async () => {
    const store = await SettingsStore.load({ file });
    expect(store.section('logs')).toBeUndefined();
    await store.setSection('logs', { level: 'debug' });
    expect(store.section('logs')).toEqual({ level: 'debug' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, logs: { level: 'debug' } });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    // No temp file left behind.
    expect(await readdir(profile.dir)).toEqual([SETTINGS_FILE_NAME]);
    expect((await SettingsStore.load({ file })).section('logs')).toEqual({ level: 'debug' });
  });

  it('keeps sections it does not know when it writes one it does', async () => {
    await writeFile(file, JSON.stringify({ version: 1, window: { width: 800 }, logs: { level: 'warn' } }));
    const store = await SettingsStore.load({ file });
    await store.setSection('logs', { level: 'error' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, window: { width: 800 }, logs: { level: 'error' } });
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['an array', '[1,2]'],
    ['null', 'null'],
    ['an unknown version', '{"version":7,"logs":{"level":"debug"}}'],
    ['no version', '{"logs":{"level":"debug"}}'],
  ])('moves an unusable file (%s) aside, keeps its bytes, and starts from defaults', async (_label, text) => {
    await writeFile(file, text);
    const memory = createMemorySink();
    const store = await SettingsStore.load({ file, logger: createLogger({ sinks: [memory.sink] }) });
    expect(store.section('logs')).toBeUndefined();
    expect(store.movedAsideTo).toMatch(/settings\.json\.corrupt-/);
    expect(await readFile(store.movedAsideTo as string, 'utf8')).toBe(text);
    expect(memory.records().map((record) => record.message)).toContain('The settings file was unusable; using defaults');
  });

  it('does not let a __proto__ key reach an object prototype', async () => {
    await writeFile(file, '{"version":1,"__proto__":{"polluted":true},"logs":{"level":"info"}}');
    const store = await SettingsStore.load({ file });
    await store.setSection('logs', { level: 'warn' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(store.section('__proto__')).toBeUndefined();
    expect(await readFile(file, 'utf8')).not.toContain('polluted');
  });

  it('reports a failed write as storage-failed and keeps the previous value in memory', async () => {
    const blocked = join(profile.dir, 'blocked');
    await mkdir(blocked);
    // A folder where the file should be: the atomic rename cannot replace it.
    const store = await SettingsStore.load({ file: blocked });
    const failure = await store.setSection('logs', { level: 'trace' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServicesError);
    expect((failure as ServicesError).code).toBe('storage-failed');
    expect(store.section('logs')).toBeUndefined();
    await expect(store.flush()).resolves.toBeUndefined();
  });
});
