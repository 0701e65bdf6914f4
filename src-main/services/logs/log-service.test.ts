import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogSettings, LogsRevealResult } from '../../../src-shared';
import { createLogger, createMemorySink, REDACTED, type RootLogger } from '../../common';
import { createParleyCore } from '../parley-core';
import { ServicesError } from '../errors';
import { makeTempProfile } from '../test-support/temp-profile';
import { LogService } from './log-service';

let profile: Awaited<ReturnType<typeof makeTempProfile>>;
let root: RootLogger;
const services: LogService[] = [];

beforeEach(async () => {
  profile = await makeTempProfile();
  root = createLogger({ level: 'warn' });
});

afterEach(async () => {
  for (const service of services.splice(0)) await service.dispose();
  await profile.cleanup();
});

async function start(options: Partial<Parameters<typeof LogService.start>[0]> = {}): Promise<LogService> {
  const service = await LogService.start({ profileDir: profile.dir, rootLogger: root, ...options });
  services.push(service);
  return service;
}

const logFile = (): string => join(profile.dir, 'logs', 'parley.log');

describe('LogService', () => {
  it('sets the root level to the default, writes <profile>/logs/parley.log, and redacts what it writes', async () => {
    const service = await start();
    expect(root.level).toBe('info');
    expect(service.settings()).toEqual({ level: 'info', dir: join(profile.dir, 'logs') });
    root.child('accounts').info('saved', { password: 'hunter2', header: 'Authorization: Digest response="abc"' });
    root.debug('not at info');
    await service.flush();
    const text = await readFile(logFile(), 'utf8');
    expect(text).toMatch(/INFO  accounts: saved/);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('response=');
    expect(text.split(REDACTED)).toHaveLength(3);
    expect(text).not.toContain('not at info');
  });

  it('applies a new level at once, saves it in settings.json, and restores it on the next start', async () => {
    const first = await start();
    await expect(first.setLevel('debug')).resolves.toEqual({ level: 'debug', dir: join(profile.dir, 'logs') });
    expect(root.level).toBe('debug');
    root.debug('now visible');
    await first.dispose();
    expect(JSON.parse(await readFile(join(profile.dir, 'settings.json'), 'utf8'))).toEqual({ version: 1, logs: { level: 'debug' } });
    expect(await readFile(logFile(), 'utf8')).toMatch(/DEBUG now visible/);

    root = createLogger({ level: 'error' });
    const second = await start();
    expect(second.settings().level).toBe('debug');
    expect(root.level).toBe('debug');
  });

  it('ignores an invalid saved level with a warning and keeps the other settings', async () => {
    await writeFile(join(profile.dir, 'settings.json'), JSON.stringify({ version: 1, logs: { level: 'loud' }, other: 1 }));
    const memory = createMemorySink();
    const service = await start({ logger: createLogger({ sinks: [memory.sink] }) });
    expect(service.settings().level).toBe('info');
    expect(memory.records().map((record) => record.message)).toContain('The saved log settings are invalid; using the defaults');
    await service.setLevel('warn');
    expect(JSON.parse(await readFile(join(profile.dir, 'settings.json'), 'utf8'))).toEqual({ version: 1, logs: { level: 'warn' }, other: 1 });
  });

  it('keeps the level when it cannot be saved', async () => {
    const service = await start();
    // A folder where settings.json should be: the save fails.
    await mkdir(join(profile.dir, 'settings.json'));
    const failure = await service.setLevel('trace').catch((error: unknown) => error);
    expect((failure as ServicesError).code).toBe('storage-failed');
    expect(service.settings().level).toBe('info');
    expect(root.level).toBe('info');
  });

  it('reveals the log file through the desktop hook, after writing pending lines', async () => {
    const shown: string[] = [];
    const service = await start({ reveal: (path) => void shown.push(path) });
    root.warn('before reveal');
    await expect(service.reveal()).resolves.toEqual({ dir: join(profile.dir, 'logs'), shown: true });
    expect(shown).toEqual([logFile()]);
    expect(await readFile(logFile(), 'utf8')).toMatch(/before reveal/);
  });

  it('returns the folder in web mode, and refuses when the hook fails or there are no files', async () => {
    const web = await start();
    await expect(web.reveal()).resolves.toEqual({ dir: join(profile.dir, 'logs'), shown: false });
    await web.dispose();

    const broken = await start({ reveal: () => Promise.reject(new Error('no file manager')) });
    await expect(broken.reveal()).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('no file manager') });
    await broken.dispose();

    const none = await start({ files: false });
    expect(none.settings().dir).toBeNull();
    await expect(none.reveal()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('detaches from the logger on dispose: everything before is on disk, nothing after', async () => {
    const service = await start();
    for (let index = 0; index < 200; index += 1) root.info(`line ${index}`);
    await service.dispose();
    root.info('after dispose');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lines = (await readFile(logFile(), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(200);
    expect(lines.at(-1)).toMatch(/line 199$/);
  });
});

describe('the logs commands through the core', () => {
  it('gets, sets and reveals through IPC, validating the level', async () => {
    const logs = await start({ reveal: () => undefined });
    const core = await createParleyCore({ profileDir: profile.dir, adapter: 'web', version: '0', logger: root.child('core'), logs });
    try {
      const settings = await core.ipc.invoke('logs.getSettings', []);
      expect(settings).toEqual({ ok: true, value: { level: 'info', dir: join(profile.dir, 'logs') } satisfies LogSettings });
      expect(await core.ipc.invoke('logs.setLevel', ['trace'])).toEqual({ ok: true, value: { level: 'trace', dir: join(profile.dir, 'logs') } });
      expect(root.isLevelEnabled('trace')).toBe(true);
      const bad = await core.ipc.invoke('logs.setLevel', ['silent']);
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument', field: 'level' } });
      expect(root.level).toBe('trace');
      const revealed = await core.ipc.invoke('logs.reveal', []);
      expect(revealed).toEqual({ ok: true, value: { dir: join(profile.dir, 'logs'), shown: true } satisfies LogsRevealResult });
    } finally {
      await core.dispose();
    }
    // The core logged its start and stop through the adapter's logger into the file.
    await logs.flush();
    const text = await readFile(logFile(), 'utf8');
    expect(text).toMatch(/core: Parley core started/);
    expect(text).toMatch(/core: Parley core stopped/);
  });

  it('works without an adapter-provided service: the setting is kept, no files are written', async () => {
    const core = await createParleyCore({ profileDir: profile.dir, adapter: 'web', version: '0', logger: createLogger({ level: 'silent' }) });
    try {
      expect(await core.ipc.invoke('logs.setLevel', ['error'])).toEqual({ ok: true, value: { level: 'error', dir: null } });
      expect(await core.ipc.invoke('logs.reveal', [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    } finally {
      await core.dispose();
    }
    expect(JSON.parse(await readFile(join(profile.dir, 'settings.json'), 'utf8'))).toMatchObject({ logs: { level: 'error' } });
    expect(existsSync(join(profile.dir, 'logs'))).toBe(false);
  });
});
