/**
 * The headless entry point: the same core as the desktop app, reached over the loopback WebSocket host.
 *   npm run host -- --profile-name alice      serves the built renderer (npm run build first)
 *   npm run dev:web -- --profile-name bob     serves the renderer sources through Vite (hot reload)
 *   --offline                                 runs no SIP accounts: nothing is registered, resolved or called
 *   --lan [--lan-address <IPv4>]              runs the LAN account: mDNS presence and direct SIP on the link
 * Prints one `PARLEY_URL <url>` line on stdout for scripts and tests; everything else goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_URL_LINE_PREFIX } from '../../src-shared';
import { createLogger, createStreamSink } from '../common';
import { createParleyCore, FileSecretStore, LogService } from '../services';
import { HostArgumentError, parseHostArguments } from './host-arguments';
import { startWebSocketHost } from './web-socket-host';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

async function main(): Promise<void> {
  const logger = createLogger({ level: 'info', sinks: [createStreamSink(process.stderr)] });
  const args = parseHostArguments(process.argv.slice(2));
  // <profile>/logs/parley.log, and the level saved in the profile; there is no file manager to reveal it from here.
  const logs = await LogService.start({ profileDir: args.profileDir, rootLogger: logger, logger: logger.child('logs') });
  const core = await createParleyCore({
    profileDir: args.profileDir,
    // No OS keychain under plain Node: the store marks these values as plain (file mode 0600).
    secretStore: new FileSecretStore(join(args.profileDir, 'secrets.json')),
    adapter: 'web',
    version: packageVersion(),
    profileName: args.profileName,
    logger: logger.child('core'),
    logs,
    // Like the desktop app, the host registers its accounts and places calls, unless told to stay offline.
    runSipAccounts: !args.offline,
    // Multicast reaches the whole link: only on request (tests run it inside network namespaces).
    runLanAccount: args.lan,
    ...(args.lanAddress === undefined ? {} : { lanAccount: { interfaceAddress: args.lanAddress } }),
  }).catch(async (error: unknown) => {
    logger.error('The core could not start', { error });
    await logs.dispose();
    throw error;
  });
  let host;
  try {
    host = await startWebSocketHost({
      core: core.ipc,
      port: args.port,
      dev: args.dev,
      rendererDir: args.rendererDir ?? join(REPO_ROOT, 'out', 'renderer'),
    });
  } catch (error) {
    await core.dispose();
    await logs.dispose();
    throw error;
  }
  process.stdout.write(`${HOST_URL_LINE_PREFIX}${host.url}\n`);
  const mode = [args.dev ? ', dev' : '', args.offline ? ', offline' : '', args.lan ? ', LAN' : ''].join('');
  process.stderr.write(`Parley (${args.profileName}${mode}) is at ${host.url}\nProfile: ${args.profileDir}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info('Stopping', { signal });
    void host
      .close()
      .then(() => core.dispose())
      .then(() => logs.dispose())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('Shutdown did not finish cleanly', { error: String(error) });
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const usage = error instanceof HostArgumentError;
  process.stderr.write(`parley host: ${error instanceof Error ? error.message : String(error)}\n`);
  if (usage) {
    process.stderr.write('usage: host [--profile <dir> | --profile-name <name>] [--port <n>] [--dev] [--offline | --lan [--lan-address <IPv4>]] [--renderer-dir <dir>]\n');
  }
  process.exit(usage ? 2 : 1);
});
