import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Starts Debian's Kamailio in the foreground on a config the test writes (configs live beside this file as
 * template functions), and stops it by its own PID. Fails loudly, with Kamailio's output, when the binary is
 * missing, the config does not parse, or the listening ports never open.
 */
export interface KamailioHandle {
  readonly pid: number;
  /** Everything Kamailio printed so far (stderr logging). */
  output(): string;
  stop(): Promise<void>;
}

export interface KamailioOptions {
  /** A short name for the temp folder and error messages. */
  readonly name: string;
  /** The full kamailio.cfg text. */
  readonly config: string;
  /** TCP ports (on 127.0.0.1) that must accept connections before the handle is returned. */
  readonly waitForTcpPorts: readonly number[];
  /** Extra files (certificates …) written into the run folder before start; the config can refer to them by `runDir`. */
  readonly files?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

const KAMAILIO = '/usr/sbin/kamailio';
const run = promisify(execFile);

/** The folder a config may refer to for its files, created before the config text is needed. */
export function makeRunDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `parley-kamailio-${name}-`));
}

export async function startKamailio(options: KamailioOptions, runDir = makeRunDir(options.name)): Promise<KamailioHandle> {
  const configPath = join(runDir, 'kamailio.cfg');
  writeFileSync(configPath, options.config);
  for (const [file, text] of Object.entries(options.files ?? {})) writeFileSync(join(runDir, file), text);

  try {
    await run(KAMAILIO, ['-c', '-f', configPath]);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new Error(`${KAMAILIO} not found: install the Debian package kamailio (.ci/run does)`);
    throw new Error(`kamailio config ${options.name} does not parse:\n${failure.stderr ?? String(error)}`);
  }

  let output = '';
  const child: ChildProcess = spawn(
    KAMAILIO,
    ['-DD', '-E', '-f', configPath, '-Y', runDir, '-w', runDir, '-m', '64', '-M', '16'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (data: Buffer) => (output += data.toString('utf8')));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  for (const port of options.waitForTcpPorts) {
    while (!(await canConnect(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`kamailio ${options.name} did not open port ${port}:\n${output.slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return {
    pid: child.pid ?? -1,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
