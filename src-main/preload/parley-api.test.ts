import { describe, expect, it } from 'vitest';
import type { ParleyApi, Result } from '../../src-shared';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';
import { createParleyApi, UnknownEventNameError, type PreloadIpc } from './parley-api';

function fakeIpc(answer: (channel: string, ...args: unknown[]) => Promise<unknown>) {
  const listeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
  const ipc = {
    invoke: answer,
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return ipc;
    },
  };
  const push = (envelope: unknown) => {
    for (const listener of listeners.get(EVENT_CHANNEL) ?? []) listener({ senderFrame: 'secret' }, envelope);
  };
  return { ipc: ipc as unknown as PreloadIpc, push };
}

describe('createParleyApi', () => {
  it('is exactly invoke and on, plus pathForFile when given webUtils', () => {
    expect(Object.keys(createParleyApi(fakeIpc(async () => null).ipc)).sort()).toEqual(['invoke', 'on']);
    const files = { getPathForFile: () => '' };
    expect(Object.keys(createParleyApi(fakeIpc(async () => null).ipc, files)).sort()).toEqual(['invoke', 'on', 'pathForFile']);
  });

  it('gives a dropped file\u2019s path from webUtils, and \'\' for anything webUtils refuses or that is not an object', () => {
    const asked: unknown[] = [];
    const known = { name: 'report.pdf', size: 3 };
    const api = createParleyApi(fakeIpc(async () => null).ipc, {
      getPathForFile: (file) => {
        asked.push(file);
        if (file !== (known as unknown)) throw new TypeError('Not a File');
        return '/home/alice/report.pdf';
      },
    });
    expect(api.pathForFile?.(known)).toBe('/home/alice/report.pdf');
    expect(api.pathForFile?.({ name: 'made-by-the-page', size: 0 })).toBe('');
    expect(api.pathForFile?.(null as never)).toBe('');
    expect(api.pathForFile?.('/etc/passwd' as never)).toBe('');
    expect(asked).toHaveLength(2);
  });

  it('invokes contract commands on the invoke channel with the arguments as one array', async () => {
    const seen: unknown[][] = [];
    const { ipc } = fakeIpc(async (...args) => {
      seen.push(args);
      return { ok: true, value: null };
    });
    const api = createParleyApi(ipc);
    expect(await api.invoke('accounts.setEnabled', 'id-1' as never, true)).toEqual({ ok: true, value: null });
    expect(seen).toEqual([[INVOKE_CHANNEL, 'accounts.setEnabled', ['id-1', true]]]);
  });

  it('refuses names outside the contract without calling main, and maps a lost main to unavailable', async () => {
    let called = 0;
    const api = createParleyApi(
      fakeIpc(async () => {
        called += 1;
        throw new Error('No handler registered');
      }).ipc,
    );
    const loose = api as unknown as { invoke(name: string): Promise<Result<unknown>> };
    expect(await loose.invoke('__proto__')).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(called).toBe(0);
    expect(await api.invoke('app.getSnapshot')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(called).toBe(1);
  });

  it('delivers (payload, seq) to listeners of that name only, never the IPC event, until unsubscribed', () => {
    const { ipc, push } = fakeIpc(async () => null);
    const api: ParleyApi = createParleyApi(ipc);
    const got: unknown[][] = [];
    const off = api.on('app.storageProblem', (...args) => got.push(args));
    api.on('accounts.changed', () => got.push(['wrong listener']));
    push({ seq: 3, name: 'app.storageProblem', payload: { file: 'accounts', message: 'm' } });
    push({ seq: 4, name: 'no.such.event', payload: {} });
    push('garbage');
    off();
    push({ seq: 5, name: 'app.storageProblem', payload: { file: 'accounts', message: 'later' } });
    expect(got).toEqual([[{ file: 'accounts', message: 'm' }, 3]]);
  });

  it('refuses to subscribe to a name outside the contract', () => {
    const api = createParleyApi(fakeIpc(async () => null).ipc) as unknown as { on(name: string, listener: () => void): unknown };
    expect(() => api.on('ipc.raw', () => undefined)).toThrow(UnknownEventNameError);
  });
});
