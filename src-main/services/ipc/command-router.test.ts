import { describe, expect, it } from 'vitest';
import { createLogger, createMemorySink } from '../../common';
import { ConflictError, InvariantError } from '../errors';
import { CommandRouter } from './command-router';
import { EventBroadcaster } from './event-broadcaster';

function makeRouter() {
  const memory = createMemorySink();
  const logger = createLogger({ level: 'debug', sinks: [memory.sink] });
  const broadcaster = new EventBroadcaster(logger);
  return { router: new CommandRouter({ broadcaster, logger }), broadcaster, memory };
}

describe('CommandRouter', () => {
  it('refuses unknown names, including prototype keys and non-strings', async () => {
    const { router } = makeRouter();
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, null, undefined, { name: 'app.getSnapshot' }]) {
      expect(await router.invoke(name, [])).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    }
  });

  it('passes parsed arguments to the handler and wraps the value', async () => {
    const { router } = makeRouter();
    const calls: unknown[][] = [];
    router.register('accounts.setEnabled', (id, enabled) => {
      calls.push([id, enabled]);
      return { kind: 'lan', id, enabled, displayName: 'LAN' };
    });
    const result = await router.invoke('accounts.setEnabled', ['lan-1', false]);
    expect(result).toEqual({ ok: true, value: { kind: 'lan', id: 'lan-1', enabled: false, displayName: 'LAN' } });
    expect(calls).toEqual([['lan-1', false]]);
  });

  it('does not call the handler for invalid arguments', async () => {
    const { router } = makeRouter();
    let called = false;
    router.register('accounts.remove', () => {
      called = true;
      return null;
    });
    expect(await router.invoke('accounts.remove', [123])).toMatchObject({ ok: false, error: { code: 'invalid-argument', field: 'id' } });
    expect(called).toBe(false);
  });

  it('maps a ServicesError to its code and anything else to a generic internal error, logged', async () => {
    const { router, memory } = makeRouter();
    router.register('accounts.remove', () => {
      throw new ConflictError('Taken.', 'address');
    });
    router.register('accounts.setDefault', () => {
      throw new InvariantError('state out of sync: secret detail');
    });
    router.register('app.getSnapshot', () => Promise.reject(new TypeError('x is undefined')));
    expect(await router.invoke('accounts.remove', ['a'])).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Taken.', field: 'address' },
    });
    const internal = await router.invoke('accounts.setDefault', ['a']);
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('secret detail');
    expect(await router.invoke('app.getSnapshot', [])).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(memory.records().filter((record) => record.level === 'error')).toHaveLength(2);
  });

  it('a known command without a handler, and any command after dispose, is unavailable', async () => {
    const { router } = makeRouter();
    expect(await router.invoke('app.getSnapshot', [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    router.register('app.getSnapshot', () => ({}) as never);
    router.dispose();
    expect(await router.invoke('app.getSnapshot', [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('refuses a second handler for the same command, and a disposed registration frees the name', () => {
    const { router } = makeRouter();
    const registration = router.register('accounts.remove', () => null);
    expect(() => router.register('accounts.remove', () => null)).toThrow();
    registration.dispose();
    expect(() => router.register('accounts.remove', () => null)).not.toThrow();
  });

  it('never rejects, whatever the arguments are made of', async () => {
    const { router } = makeRouter();
    router.register('accounts.add', () => {
      throw new Error('unreachable');
    });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const throwingArray = new Proxy([], {
      get() {
        throw new Error('boom');
      },
    });
    for (const args of [revoked.proxy, [revoked.proxy], throwingArray, [throwingArray]]) {
      expect(await router.invoke('accounts.add', args)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
  });
});
