/**
 * A headless Parley core with its LAN account running, for tests that start it inside a network namespace
 * (`ip netns exec … node --import tsx e2e/peers/lan-core.ts --address <IPv4> --name <display name> --user <user>`).
 * Never start it in the host's own namespace: its mDNS would reach the real link.
 *
 * Control channel: JSON lines. Out (stdout): `{ type: 'ready', lanId, contact }`, `{ type: 'event', name,
 * payload }` for every core event, `{ type: 'result', id, result }` per command, `{ type: 'stopped' }`.
 * In (stdin): `{ id, invoke: <command name>, args: [...] }`, or `{ stop: true }`. Closing stdin stops it too,
 * so a test that dies leaves nothing running in the namespace.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { LanPeersState } from '../../src-shared';
import { createLogger, createStreamSink } from '../../src-main/common';
import { FileSecretStore, createParleyCore } from '../../src-main/services';
import { AccountManager } from '../../src-main/services/accounts';

const { values } = parseArgs({
  options: { address: { type: 'string' }, name: { type: 'string' }, user: { type: 'string' }, log: { type: 'string', default: 'silent' } },
});
if (values.address === undefined || values.name === undefined || values.user === undefined) {
  process.stderr.write('usage: lan-core --address <IPv4> --name <display name> --user <user part> [--log <level>]\n');
  process.exit(2);
}
const out = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
const level = values.log === 'debug' || values.log === 'info' || values.log === 'warn' ? values.log : 'silent';
const logger = createLogger({ level, sinks: [createStreamSink(process.stderr)], scope: values.name });

const profileDir = await mkdtemp(join(tmpdir(), `parley-lan-core-${values.user}-`));
const secretStore = new FileSecretStore(join(profileDir, 'secrets.json'));
// The display name is set before the core starts, so the first announcement already carries it.
const accounts = await AccountManager.load({ profileDir, secretStore, logger });
await accounts.renameLan(values.name);
await accounts.flush();
accounts.dispose();

const core = await createParleyCore({
  profileDir,
  secretStore,
  adapter: 'web',
  version: '0.0.0-test',
  logger,
  runLanAccount: true,
  // Quick announcements and UDP retransmissions: a test on a veth pair need not wait RFC-sized intervals.
  lanAccount: { interfaceAddress: values.address, user: values.user, announceIntervalMs: 250, t1Ms: 100 },
  desktopSharing: { server: null },
});
core.ipc.subscribe((event) => {
  if (event.name !== 'console.entries') out({ type: 'event', name: event.name, payload: event.payload });
});

let stopping: Promise<void> | undefined;
const stop = (): Promise<void> =>
  (stopping ??= (async () => {
    await core.dispose();
    await rm(profileDir, { recursive: true, force: true });
    out({ type: 'stopped' });
    process.exit(0);
  })());

// The LAN account starts in the background: ready once it listens.
const started = Date.now();
let state: LanPeersState | undefined;
while (Date.now() - started < 10_000) {
  const result = await core.ipc.invoke('lan.peers', []);
  if (result.ok && (result.value as LanPeersState).running) {
    state = result.value as LanPeersState;
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}
if (state === undefined) {
  process.stderr.write('the LAN account did not start\n');
  await stop();
} else {
  out({ type: 'ready', lanId: state.accountId, contact: state.contact });
}

const commands = createInterface({ input: process.stdin });
commands.on('close', () => void stop());
commands.on('line', (line) => {
  let command: { id?: unknown; invoke?: unknown; args?: unknown; stop?: unknown };
  try {
    command = JSON.parse(line) as typeof command;
  } catch {
    process.stderr.write(`not a JSON command: ${line}\n`);
    return;
  }
  if (command.stop === true) {
    void stop();
    return;
  }
  void core.ipc.invoke(command.invoke, command.args).then((result) => out({ type: 'result', id: command.id, result }));
});
