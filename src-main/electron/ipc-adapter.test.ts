import { EventEmitter } from 'node:events';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { createNullLogger } from '../common';
import { FakeIpcCore } from '../host/test-support/fake-ipc-core';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../preload/channels';
import { attachElectronIpc, isTrustedFrame, TrustedWindows } from './ipc-adapter';
import { fileRendererLocation } from './renderer-location';

const location = fileRendererLocation('/app/out/renderer/index.html');

class FakeContents extends EventEmitter {
  readonly mainFrame = { url: location.url, parent: null };
  readonly sent: unknown[][] = [];
  destroyed = false;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

function setup() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: (channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const core = new FakeIpcCore();
  const windows = new TrustedWindows();
  const contents = new FakeContents();
  windows.add(contents as unknown as WebContents);
  const ipc = attachElectronIpc({ ipcMain, core, windows, location, logger: createNullLogger() });
  const invoke = (event: { sender: unknown; senderFrame: unknown }, ...args: unknown[]) =>
    Promise.resolve().then(() => (handlers.get(INVOKE_CHANNEL) as (...all: unknown[]) => unknown)(event, ...args));
  return { handlers, core, windows, contents, ipc, invoke };
}

describe('attachElectronIpc', () => {
  it('passes trusted calls to the core untouched and returns its result', async () => {
    const { invoke, contents, core } = setup();
    const result = await invoke({ sender: contents, senderFrame: contents.mainFrame }, 'test.echo', [1, 'two']);
    expect(result).toEqual({ ok: true, value: [1, 'two'] });
    expect(core.calls).toEqual([{ name: 'test.echo', args: [1, 'two'] }]);
  });

  it('turns a core that throws into an internal error result', async () => {
    const { invoke, contents } = setup();
    expect(await invoke({ sender: contents, senderFrame: contents.mainFrame }, 'test.reject', [])).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('refuses untrusted frames with a typed error, before the core sees anything', async () => {
    const { invoke, contents, core } = setup();
    const stranger = new FakeContents();
    for (const event of [
      { sender: contents, senderFrame: null },
      { sender: contents, senderFrame: { url: location.url, parent: contents.mainFrame } },
      { sender: contents, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: stranger, senderFrame: stranger.mainFrame },
    ]) {
      await expect(invoke(event, 'test.echo', [])).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(core.calls).toEqual([]);
  });

  it('forwards core events to trusted windows showing the renderer only', () => {
    const { core, windows, contents } = setup();
    const elsewhere = new FakeContents();
    elsewhere.mainFrame.url = 'https://evil.example/';
    windows.add(elsewhere as unknown as WebContents);
    const event = core.emit('app.storageProblem', { file: 'accounts', message: 'm' });
    expect(contents.sent).toEqual([[EVENT_CHANNEL, event]]);
    expect(elsewhere.sent).toEqual([]);
  });

  it('forgets destroyed windows, and dispose removes the handler and the subscription', () => {
    const { core, windows, contents, ipc, handlers } = setup();
    contents.emit('destroyed');
    expect(windows.all()).toEqual([]);
    ipc.dispose();
    expect(handlers.has(INVOKE_CHANNEL)).toBe(false);
    expect(core.subscriberCount).toBe(0);
  });
});

describe('isTrustedFrame', () => {
  it('needs our window, the top frame and our renderer URL together', () => {
    const windows = new TrustedWindows();
    const contents = new FakeContents();
    windows.add(contents as unknown as WebContents);
    const sender = contents as unknown as WebContents;
    expect(isTrustedFrame(sender, { url: location.url, parent: null }, windows, location)).toBe(true);
    expect(isTrustedFrame(sender, { url: 'file:///other.html', parent: null }, windows, location)).toBe(false);
  });
});
