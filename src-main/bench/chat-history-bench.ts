import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { MsrpSession, MsrpTransport, MsrpUri } from '../msrp';
import { negotiateChatTypes } from '../sip/sdp';
import { formatCpim } from '../services/chat-formats/cpim-format';
import { parseCpim } from '../services/chat-formats/cpim-parse';
import { createImdnMessageId, imdnRequestHeaders, readImdnRequest } from '../services/chat-formats/imdn-headers';
import { HistoryStore } from '../services/history/history-store';
import type { NewHistoryMessage } from '../services/history/history-types';
import { ChatStreamChannel } from '../services/streams/chat-stream-channel';
import { DEFAULT_CHAT_ACCEPT_TYPES, DEFAULT_CHAT_WRAPPED_TYPES } from '../services/streams/chat-stream-types';

/**
 * `npm run bench:chat [-- --messages N] [--single N] [--cpim N] [--stream N]`: chat figures, all measured in this run,
 * printed for humans and then as ONE JSON line. History runs on a temporary profile that is removed after.
 */

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? undefined : Number(process.argv[i + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

const CONVERSATION_SIZE = option('messages', 100_000);
const SINGLE_INSERTS = option('single', 20_000);
const CPIM_ROUNDS = option('cpim', 100_000);
const CHAT_STREAM_MESSAGES = option('stream', 20_000);
const BATCH = 500;
const PAGE = 50;
const BOB = 'sip:bob@example.com';

const WORDS = ['lunch', 'tomorrow', 'meeting', 'file', 'call', 'later', 'café', 'thanks', 'see', 'you', 'soon', 'the', 'report', 'is', 'ready'];

function draft(i: number, remoteUri: string, timestamp: number): NewHistoryMessage {
  const text = Array.from({ length: 8 + (i % 12) }, (_, w) => WORDS[(i * 7 + w * 3) % WORDS.length]).join(' ');
  return { accountId: 'bench', remoteUri, direction: i % 2 === 0 ? 'in' : 'out', contentType: 'text/plain', text, timestamp, path: 'msrp', messageId: `m${i}` };
}

function timed<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function benchHistory(profileDir: string) {
  let store = HistoryStore.open({ profileDir });
  const t0 = 1_700_000_000_000;

  // Single inserts: one autocommit transaction each, as a chat arriving one message at a time.
  const single = timed(() => {
    for (let i = 0; i < SINGLE_INSERTS; i += 1) store.insert(draft(i, `sip:peer${i % 50}@example.com`, t0 + i));
  });
  const singleRate = SINGLE_INSERTS / (single.ms / 1000);

  // Batched: the 100,000-message conversation, BATCH messages per transaction (many share a timestamp).
  const batched = timed(() => {
    for (let start = 0; start < CONVERSATION_SIZE; start += BATCH) {
      const batch: NewHistoryMessage[] = [];
      for (let i = start; i < Math.min(CONVERSATION_SIZE, start + BATCH); i += 1) batch.push(draft(i, BOB, t0 + Math.floor(i / 3) * 1000));
      store.insertMany(batch);
    }
  });
  const batchedRate = CONVERSATION_SIZE / (batched.ms / 1000);
  store.dispose();
  const fileMiB = statSync(join(profileDir, 'history.sqlite')).size / 2 ** 20;

  // Cold: a fresh connection to the file (schema read, migrations) and the newest page.
  const coldOpen = timed(() => HistoryStore.open({ profileDir }));
  store = coldOpen.value;
  const coldPage = timed(() => store.page('bench', BOB, { limit: PAGE }));
  if (coldPage.value.messages.length !== PAGE) throw new Error('first page is short');

  const warm: number[] = [];
  for (let i = 0; i < 200; i += 1) warm.push(timed(() => store.page('bench', BOB, { limit: PAGE })).ms);
  // Deep in the conversation: keyset paging costs the same wherever the page lies.
  const middle = store.page('bench', BOB, { limit: 500 }).messages.at(-1);
  const deep: number[] = [];
  for (let i = 0; i < 200; i += 1) deep.push(timed(() => store.page('bench', BOB, { limit: PAGE, before: middle ? { timestamp: middle.timestamp - 1_000 * 10_000, id: middle.id } : null })).ms);
  const search = timed(() => store.search('report read', { limit: 50 }));
  const conversations = timed(() => store.listConversations({ limit: 100 }));
  store.dispose();

  // With the optional open-time check, for comparison.
  const checkedOpen = timed(() => HistoryStore.open({ profileDir, quickCheck: true }));
  checkedOpen.value.dispose();

  return {
    singleRate,
    batchedRate,
    fileMiB,
    coldOpenMs: coldOpen.ms,
    coldOpenWithCheckMs: checkedOpen.ms,
    coldFirstPageMs: coldPage.ms,
    warmFirstPageMs: median(warm),
    warmDeepPageMs: median(deep),
    searchMs: search.ms,
    conversationsMs: conversations.ms,
  };
}

function benchCpim(): number {
  const text = 'The report is ready, see you at lunch tomorrow. ';
  const from = { uri: 'sip:alice@example.com', displayName: 'Alice' };
  const to = [{ uri: 'sip:bob@example.com' }];
  let seen = 0;
  const { ms } = timed(() => {
    for (let i = 0; i < CPIM_ROUNDS; i += 1) {
      const wire = formatCpim({
        from,
        to,
        dateTime: { epochMs: 1_700_000_000_000 + i, offsetMinutes: 60 },
        headers: imdnRequestHeaders({ messageId: createImdnMessageId(), notifications: ['positive-delivery', 'display'] }),
        contentType: 'text/plain;charset=utf-8',
        body: text,
      });
      const parsed = parseCpim(wire);
      if (readImdnRequest(parsed).messageId !== undefined) seen += 1;
    }
  });
  if (seen !== CPIM_ROUNDS) throw new Error('CPIM round trip lost a Message-ID');
  return CPIM_ROUNDS / (ms / 1000);
}

/** Two MSRP sessions over one loopback TCP connection, each side's paths set (RFC 4975 §5.4 done by hand). */
async function loopbackSessionPair(): Promise<{ alice: MsrpSession; bob: MsrpSession; close(): void }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const client = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  const serverSide = await accepted;
  for (const socket of [client, serverSide]) socket.setNoDelay(true);
  const uriA = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: client.localPort ?? 1, sessionId: 'benchalice1' });
  const uriB = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port, sessionId: 'benchbob123' });
  const a = new MsrpTransport(client, { localUri: uriA });
  const b = new MsrpTransport(serverSide, { localUri: uriB });
  a.setFullRemotePath([uriB]);
  b.setFullRemotePath([uriA]);
  const alice = new MsrpSession(a, { keepAliveMs: 0 });
  const bob = new MsrpSession(b, { keepAliveMs: 0 });
  return {
    alice,
    bob,
    close() {
      alice.dispose();
      bob.dispose();
      server.close();
    },
  };
}

/**
 * Messages per second through one chat stream's framing between two MSRP sessions on loopback: each message
 * wrapped in CPIM with an IMDN display request, Success-Report yes, counted when its REPORT 200 arrives
 * (delivered), the receiver unwrapping every one. No relay and no SIP: the chat layer and the MSRP stack only.
 */
async function measureChatStreamThroughput(): Promise<number | null> {
  const { alice, bob, close } = await loopbackSessionPair();
  const caps = { acceptTypes: DEFAULT_CHAT_ACCEPT_TYPES, acceptWrappedTypes: DEFAULT_CHAT_WRAPPED_TYPES };
  const negotiation = negotiateChatTypes(caps, caps);
  const config = { negotiation, acceptWrappedTypes: DEFAULT_CHAT_WRAPPED_TYPES, reportTimeoutMs: 60_000, requestDisplayNotifications: true };
  let delivered = 0;
  let failed = 0;
  let received = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const sender = new ChatStreamChannel(alice, { ...config, local: { uri: 'sip:alice@example.com' }, remote: { uri: 'sip:bob@example.com' } }, {
    onDelivery: (delivery) => {
      if (delivery.state === 'delivered') delivered += 1;
      else if (delivery.state === 'failed') failed += 1;
      if (delivered + failed === CHAT_STREAM_MESSAGES) done();
    },
    onText: () => undefined,
    onComposing: () => undefined,
  });
  const receiver = new ChatStreamChannel(bob, { ...config, local: { uri: 'sip:bob@example.com' }, remote: { uri: 'sip:alice@example.com' } }, {
    onDelivery: () => undefined,
    onText: () => (received += 1),
    onComposing: () => undefined,
  });
  try {
    const text = 'The report is ready, see you at lunch tomorrow. ';
    const start = performance.now();
    for (let i = 0; i < CHAT_STREAM_MESSAGES; i += 1) sender.sendText(createImdnMessageId(), text, Date.now());
    await finished;
    const seconds = (performance.now() - start) / 1000;
    if (failed > 0 || received !== CHAT_STREAM_MESSAGES) throw new Error(`chat stream lost messages: ${failed} failed, ${received} received`);
    return CHAT_STREAM_MESSAGES / seconds;
  } finally {
    sender.dispose();
    receiver.dispose();
    close();
  }
}

async function main(): Promise<void> {
  console.log(`Chat benchmark: ${CONVERSATION_SIZE} messages in one conversation, ${SINGLE_INSERTS} single inserts, ${CPIM_ROUNDS} CPIM round trips`);
  const profileDir = mkdtempSync(join(tmpdir(), 'parley-chat-bench-'));
  try {
    const h = benchHistory(profileDir);
    console.log(`history insert:   ${h.singleRate.toFixed(0)} messages/s single, ${h.batchedRate.toFixed(0)} messages/s batched (${BATCH} per transaction); file ${h.fileMiB.toFixed(1)} MiB`);
    console.log(`open + page:      cold open ${h.coldOpenMs.toFixed(1)} ms (${h.coldOpenWithCheckMs.toFixed(1)} ms with the optional quick_check), first page of ${PAGE} ${h.coldFirstPageMs.toFixed(2)} ms`);
    console.log(`warm page:        newest ${h.warmFirstPageMs.toFixed(3)} ms, deep ${h.warmDeepPageMs.toFixed(3)} ms (median of 200)`);
    console.log(`search/list:      FTS5 search ${h.searchMs.toFixed(2)} ms, conversation list ${h.conversationsMs.toFixed(2)} ms`);
    const cpimRate = benchCpim();
    console.log(`CPIM:             ${cpimRate.toFixed(0)} messages/s format+parse (with IMDN headers)`);
    const chatStream = await measureChatStreamThroughput();
    console.log(`chat stream:      ${chatStream === null ? 'not measured' : `${chatStream.toFixed(0)} messages/s (${CHAT_STREAM_MESSAGES} CPIM messages with IMDN request, each delivered by Success-Report, loopback TCP)`}`);
    console.log(
      JSON.stringify({
        history_insert_single_msgs_s: Math.round(h.singleRate),
        history_insert_batched_msgs_s: Math.round(h.batchedRate),
        history_file_mib: Number(h.fileMiB.toFixed(1)),
        conversation_messages: CONVERSATION_SIZE,
        open_cold_ms: Number(h.coldOpenMs.toFixed(2)),
        open_cold_with_quick_check_ms: Number(h.coldOpenWithCheckMs.toFixed(2)),
        first_page_cold_ms: Number(h.coldFirstPageMs.toFixed(3)),
        first_page_warm_ms: Number(h.warmFirstPageMs.toFixed(3)),
        deep_page_warm_ms: Number(h.warmDeepPageMs.toFixed(3)),
        search_ms: Number(h.searchMs.toFixed(2)),
        conversation_list_ms: Number(h.conversationsMs.toFixed(2)),
        cpim_format_parse_msgs_s: Math.round(cpimRate),
        chat_stream_msgs_s: chatStream === null ? null : Math.round(chatStream),
      }),
    );
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:chat failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
