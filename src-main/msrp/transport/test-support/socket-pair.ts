import { createServer, connect, type Socket } from 'node:net';

/** Two ends of one real TCP connection on 127.0.0.1 (tests only). */
export async function socketPair(): Promise<{ client: Socket; server: Socket; close(): void }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const client = connect({ host: '127.0.0.1', port: address.port });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  const serverSide = await accepted;
  server.close();
  return {
    client,
    server: serverSide,
    close() {
      client.destroy();
      serverSide.destroy();
    },
  };
}

/** Collects everything a raw socket receives, and waits for text to appear. */
export function rawReader(socket: Socket): { text(): string; waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>; closed: Promise<void> } {
  let received = '';
  const waiters: Array<() => void> = [];
  socket.on('data', (data: Buffer) => {
    received += data.toString('latin1');
    for (const waiter of waiters.splice(0)) waiter();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    text: () => received,
    closed,
    waitFor(pattern, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timeout waiting for ${pattern} in ${JSON.stringify(received.slice(-500))}`)), timeoutMs);
        const check = (): void => {
          const match = pattern.exec(received);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}
