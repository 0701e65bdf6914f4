import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ConnectorDirect } from '../connect/connector-direct';
import type { MsrpConnector } from '../connect/msrp-connector';
import { RelayConnection } from '../connect/relay-connection';
import { MsrpError } from '../errors';
import { parsePath } from '../protocol/msrp-path';
import { generateSessionId, MsrpUri } from '../protocol/msrp-uri';
import { MsrpSession } from '../session/msrp-session';
import { OutgoingFile } from '../session/outgoing-file';
import { OutgoingState, type OutgoingMessage } from '../session/outgoing-message';
import { CliUsageError, integerOption, type ParsedArguments } from './cli-arguments';

/** Kamailio drops frames of ~11 KB and more (see the interop notes): 8 KiB chunks through a relay. */
const RELAY_CHUNK_SIZE = 8 * 1024;
/** Bytes in flight through a relay without flow control, paced by Success-Report REPORTs. */
const RELAY_WINDOW = 64 * 1024;

export interface SendSummary {
  readonly bytes_sent: number;
  readonly messages: number;
  readonly responses: Record<string, number>;
  readonly mb_s: number;
}

/**
 * `msrp send`: connects to `--to-path` (directly or through `--relay`), sends `--count` messages of
 * `--text` or `--file`, reports every transaction response on stderr and ends with one JSON line on stdout.
 * Exit code 1 when connecting fails or any message is not sent/delivered.
 */
export async function sendCommand(args: ParsedArguments, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const toPathText = args.values.get('to-path');
  if (toPathText === undefined) throw new CliUsageError('send needs --to-path');
  const text = args.values.get('text');
  const file = args.values.get('file');
  if ((text === undefined) === (file === undefined)) throw new CliUsageError('send needs exactly one of --text and --file');
  const count = Math.max(1, integerOption(args, 'count', 1));
  const toPath = parsePath(toPathText);
  const tls = args.flags.has('tls') || toPath[0]?.secure === true;
  const caFile = args.values.get('ca');
  const tlsOptions = tls ? (caFile !== undefined ? { ca: readFileSync(caFile) } : {}) : undefined;
  const relayText = args.values.get('relay');

  let connector: MsrpConnector;
  if (relayText !== undefined) {
    const relay = MsrpUri.parse(relayText);
    const username = args.values.get('user');
    const password = args.values.get('password');
    if (username === undefined || password === undefined) throw new CliUsageError('--relay needs --user and --password');
    connector = new RelayConnection(
      { domain: relay.host, host: relay.host, ...(relay.port !== undefined ? { port: relay.port } : {}), username, password, useTls: relay.secure },
      'active',
      { ...(tlsOptions !== undefined ? { tls: tlsOptions } : {}), refresh: false },
    );
  } else {
    connector = new ConnectorDirect(tlsOptions !== undefined ? { tls: tlsOptions } : {});
  }
  // Direct: no cap (one interruptible chunk per message, RFC 4975 §7.1.1); through a relay its frame limit.
  const chunkSize = integerOption(args, 'chunk-size', relayText !== undefined ? RELAY_CHUNK_SIZE : Number.POSITIVE_INFINITY);

  let session: MsrpSession;
  try {
    const localUri = new MsrpUri({ scheme: tls ? 'msrps' : 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() });
    await connector.prepare(relayText !== undefined ? undefined : localUri);
    const transport = await connector.complete(toPath);
    session = new MsrpSession(transport, {
      chunkSize: Math.max(1, chunkSize),
      ...(relayText !== undefined ? { maxBytesInFlight: RELAY_WINDOW } : {}),
    });
  } catch (error) {
    connector.cleanup();
    err.write(`cannot connect to ${toPathText}: ${describe(error)}\n`);
    return 1;
  }

  const responses: Record<string, number> = {};
  session.on('response', (event) => {
    responses[String(event.code)] = (responses[String(event.code)] ?? 0) + 1;
    err.write(`response ${event.code}${event.comment ? ` ${event.comment}` : ''} ${event.transactionId}${event.messageId ? ` ${event.messageId}` : ''}${event.local ? ' (local)' : ''}\n`);
  });
  session.on('delivered', (event) => err.write(`delivered ${event.messageId}\n`));
  session.on('failed', (event) => err.write(`failed ${event.messageId}: ${event.code} ${event.reason}\n`));

  const startedAt = performance.now();
  const messages: OutgoingMessage[] = [];
  try {
    for (let i = 0; i < count; i++) {
      if (text !== undefined) messages.push(session.sendMessage(text, { contentType: 'text/plain;charset=UTF-8' }));
      else messages.push(session.sendFile(await OutgoingFile.open(file as string)));
    }
  } catch (error) {
    err.write(`cannot send: ${describe(error)}\n`);
    session.dispose();
    return 1;
  }
  const outcomes = await Promise.all(messages.map((message) => message.done));
  const seconds = (performance.now() - startedAt) / 1000;
  await session.shutdown().catch(() => session.dispose());

  let bytesSent = 0;
  let failures = 0;
  outcomes.forEach((outcome, i) => {
    const message = messages[i] as OutgoingMessage;
    if (outcome.state === OutgoingState.Delivered || outcome.state === OutgoingState.Sent) bytesSent += message.size - message.startOffset;
    else {
      failures++;
      err.write(`message ${message.messageId} ${outcome.state}: ${outcome.code} ${outcome.reason ?? ''}\n`);
    }
  });
  const summary: SendSummary = {
    bytes_sent: bytesSent,
    messages: outcomes.length - failures,
    responses,
    mb_s: Number((bytesSent / 1e6 / Math.max(seconds, 1e-6)).toFixed(3)),
  };
  out.write(`${JSON.stringify(summary)}\n`);
  return failures === 0 ? 0 : 1;
}

function describe(error: unknown): string {
  if (error instanceof MsrpError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
