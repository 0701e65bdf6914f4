import { describe, expect, it } from 'vitest';
import type { ParleyApi } from '../../../../src-shared';
import { createElectronAdapter } from './electron-adapter';

function fakeApi(invoke: ParleyApi['invoke']): ParleyApi {
  return { invoke, on: () => () => undefined };
}

describe('electron adapter', () => {
  it('passes results through', async () => {
    const adapter = createElectronAdapter(fakeApi(async () => ({ ok: true, value: null }) as never));
    expect(await adapter.invoke('accounts.remove', 'a' as never)).toEqual({ ok: true, value: null });
  });

  it('turns a rejected IPC call into an internal error result', async () => {
    const adapter = createElectronAdapter(fakeApi(() => Promise.reject(new Error('channel gone'))));
    const result = await adapter.invoke('app.getSnapshot');
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('is always connected', () => {
    const states: string[] = [];
    createElectronAdapter(fakeApi(async () => ({ ok: true, value: null }) as never)).onConnectionState((state) => states.push(state));
    expect(states).toEqual(['connected']);
  });
});
