import { pathToFileURL } from 'node:url';
import { CliUsageError, parseArguments } from './cli-arguments';
import { listenCommand } from './listen-command';
import { sendCommand } from './send-command';

/**
 * The MSRP command-line tool (`npm run msrp -- …`): a loopback peer for tests and a quick way to poke an
 * MSRP endpoint or relay.
 *
 *   listen [--tls --cert F --key F] [--host H] [--port N] [--remote-path URIS|any] [--echo | --save DIR] [--once]
 *   send --to-path "URI …" [--tls] [--ca F] [--relay URI --user U --password P]
 *        (--text T | --file F) [--count N] [--chunk-size B]
 */
export const USAGE = `usage:
  msrp listen [--tls --cert F --key F] [--host H] [--port N] [--remote-path "URI …"|any] [--echo | --save DIR] [--once]
  msrp send --to-path "URI …" [--tls] [--ca F] [--relay URI --user U --password P] (--text T | --file F) [--count N] [--chunk-size B]
`;

const SPEC = {
  listen: { flags: ['tls', 'echo', 'once'], values: ['host', 'port', 'remote-path', 'save', 'cert', 'key'] },
  send: { flags: ['tls'], values: ['to-path', 'ca', 'relay', 'user', 'password', 'text', 'file', 'count', 'chunk-size'] },
} as const;

export async function runMsrpCli(argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  try {
    const args = parseArguments(argv, SPEC);
    return args.command === 'listen' ? await listenCommand(args, out, err) : await sendCommand(args, out, err);
  } catch (error) {
    if (error instanceof CliUsageError) {
      err.write(`${error.message}\n${USAGE}`);
      return 2;
    }
    err.write(`msrp: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runMsrpCli(process.argv.slice(2), process.stdout, process.stderr).then(
    (code) => {
      // Let stdout drain, then leave even if a socket lingers.
      process.exitCode = code;
      setTimeout(() => process.exit(code), 50).unref();
    },
    (error: unknown) => {
      process.stderr.write(`msrp: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
