import type { Socket } from 'node:net';
import { MsrpUri } from '../../protocol/msrp-uri';
import { MsrpTransport } from '../../transport/msrp-transport';
import { socketPair } from '../../transport/test-support/socket-pair';
import { MsrpSession, type MsrpSessionEvents, type MsrpSessionOptions } from '../msrp-session';

/** Two transports over one real loopback TCP connection, with each other's paths set (tests only). */
export async function transportPair(): Promise<{ a: MsrpTransport; b: MsrpTransport; sockets: { client: Socket; server: Socket } }> {
  const pair = await socketPair();
  const uriA = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: pair.client.localPort ?? 1, sessionId: 'alice123' });
  const uriB = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: pair.server.localPort ?? 2, sessionId: 'bob45678' });
  const a = new MsrpTransport(pair.client, { localUri: uriA });
  const b = new MsrpTransport(pair.server, { localUri: uriB });
  a.setFullRemotePath([uriB]);
  b.setFullRemotePath([uriA]);
  return { a, b, sockets: { client: pair.client, server: pair.server } };
}

/** Two sessions talking to each other over loopback TCP. */
export async function sessionPair(
  optionsA: MsrpSessionOptions = {},
  optionsB: MsrpSessionOptions = {},
): Promise<{ alice: MsrpSession; bob: MsrpSession; dispose(): void }> {
  const { a, b } = await transportPair();
  const alice = new MsrpSession(a, { keepAliveMs: 0, ...optionsA });
  const bob = new MsrpSession(b, { keepAliveMs: 0, ...optionsB });
  return {
    alice,
    bob,
    dispose() {
      alice.dispose();
      bob.dispose();
    },
  };
}

/** Resolves with the first payload of `name` (tests only). */
export function nextEvent<K extends keyof MsrpSessionEvents & string>(session: MsrpSession, name: K): Promise<MsrpSessionEvents[K]> {
  return new Promise((resolve) => session.once(name, resolve));
}
