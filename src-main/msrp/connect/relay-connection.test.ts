import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MsrpUri } from '../protocol/msrp-uri';
import { MsrpTransport } from '../transport/msrp-transport';
import { RelayConnection } from './relay-connection';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A minimal open relay on loopback: answers AUTH with Use-Path and Expires. */
async function fakeRelay(): Promise<{ port: number; auths: string[]; connections: MsrpTransport[] }> {
  const auths: string[] = [];
  const connections: MsrpTransport[] = [];
  const server: Server = createServer((socket) => {
    const transport = new MsrpTransport(socket);
    connections.push(transport);
    void (async () => {
      for await (const incoming of transport.chunks()) {
        const chunk = incoming.chunk;
        if (chunk.method !== 'AUTH') continue;
        auths.push(`${chunk.headers.get('To-Path')} <- ${chunk.headers.get('From-Path')}`);
        await transport.writeResponse(chunk, 200, undefined, [
          ['Use-Path', `msrp://127.0.0.1:${port}/relayed${auths.length};tcp`],
          ['Expires', '600'],
        ]);
      }
    })().catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  cleanups.push(() => {
    for (const connection of connections) connection.dispose();
    server.close();
  });
  return { port, auths, connections };
}

describe('RelayConnection', () => {
  it('finds the relay by DNS SRV, authenticates and returns Use-Path + our URI (RFC 4976 §5, §6.2)', async () => {
    const relay = await fakeRelay();
    const asked: string[] = [];
    const connection = new RelayConnection({ domain: 'example.test', username: 'alice', password: 'x', useTls: false }, 'active', {
      resolveSrv: async (name) => {
        asked.push(name);
        if (name === '_msrp._tcp.example.test') return [{ name: '127.0.0.1', port: relay.port, priority: 0, weight: 0 }];
        throw Object.assign(new Error('none'), { code: 'ENOTFOUND' });
      },
    });
    cleanups.push(() => connection.cleanup());
    const local = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: 'mine00000001' });
    const path = await connection.prepare(local);
    expect(asked).toEqual(['_msrps._tcp.example.test', '_msrp._tcp.example.test']);
    expect(path.map(String)).toEqual([`msrp://127.0.0.1:${relay.port}/relayed1;tcp`, expect.stringMatching(/^msrp:\/\/127\.0\.0\.1:\d+\/mine00000001;tcp$/)]);
    expect(path[1]?.port).not.toBe(0);
    expect(relay.auths).toEqual([`msrp://127.0.0.1:${relay.port};tcp <- ${path[1]}`]);
  });

  it('fails with msrp-connect-failed when no relay answers, and cleans up', async () => {
    const connection = new RelayConnection({ domain: 'nowhere.test', host: '127.0.0.1', port: 1, username: 'a', password: 'b', useTls: false }, 'passive', { connectTimeoutMs: 1_000 });
    await expect(connection.prepare()).rejects.toMatchObject({ code: 'msrp-connect-failed' });
    connection.cleanup();
  });

  it('closes the relay connection on cleanup when it was never handed out', async () => {
    const relay = await fakeRelay();
    const connection = new RelayConnection({ domain: 'x', host: '127.0.0.1', port: relay.port, username: 'a', password: 'b', useTls: false }, 'passive');
    await connection.prepare(new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: 'abcdefabcdef' }));
    const serverSide = relay.connections[0]!;
    const closed = new Promise((resolve) => serverSide.on('closed', resolve));
    connection.cleanup();
    await closed;
    expect(serverSide.isOpen).toBe(false);
  });
});
