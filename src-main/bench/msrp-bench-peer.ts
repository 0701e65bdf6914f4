import { createInterface } from 'node:readline';
import { listen, listeningPort } from '../msrp/connect/listen';
import { acceptAnyBinding } from '../msrp/cli/accept-any-binding';
import { generateSessionId, MsrpUri } from '../msrp/protocol/msrp-uri';
import { MsrpSession } from '../msrp/session/msrp-session';
import { MsrpTransport } from '../msrp/transport/msrp-transport';
import { startRawTcpSink } from './raw-tcp-baseline';

/**
 * The receiving process of the MSRP benchmark (spawned by msrp-bench.ts): on `raw` it accepts TCP
 * connections, counts bytes and answers one byte per `expect` announced; on `msrp` it accepts MSRP
 * sessions that discard what arrives (streamed, never stored or hashed). Commands and answers are JSON
 * lines on stdin/stdout.
 */
const sessions = new Set<MsrpSession>();

async function startMsrp(): Promise<string> {
  let uri = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() });
  const server = await listen(uri, undefined, (socket) => {
    const transport = new MsrpTransport(socket, { localUri: uri });
    acceptAnyBinding(transport, 30_000).then(
      () => {
        const session = new MsrpSession(transport, { streamingThreshold: 0, keepAliveMs: 0 });
        sessions.add(session);
        void session.closed.then(() => sessions.delete(session));
      },
      () => transport.dispose(),
    );
  });
  uri = uri.with({ port: listeningPort(server) });
  return uri.toString();
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = JSON.parse(line) as { cmd: string };
  const reply = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
  if (command.cmd === 'raw') void startRawTcpSink().then((port) => reply({ port }));
  else if (command.cmd === 'msrp') void startMsrp().then((path) => reply({ path }));
  else if (command.cmd === 'rss') reply({ rss: process.memoryUsage().rss });
  else if (command.cmd === 'exit') process.exit(0);
});
lines.on('close', () => process.exit(0));
