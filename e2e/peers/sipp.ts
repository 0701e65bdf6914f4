import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs Debian's sipp (package sip-tester) on a scenario of `sipp-scenarios/` and reports its verdict: exit code
 * (0: every call succeeded, 1: some failed, 97: stopped by an internal command, 99: stopped with no call run,
 * 255/254: fatal or bind error), the final statistics, and the messages it sent and received.
 *
 * Every socket sipp opens is bound to 127.0.0.1 (SIP with -i/-bind_local, the control socket with -ci/-cp,
 * media with -mi), on ports the test picks. Stopped by its own PID only.
 */
export interface SippOptions {
  /** A file name in `sipp-scenarios/` (e.g. 'uas-busy.xml'). */
  readonly scenario: string;
  /** SIP port sipp binds on 127.0.0.1. */
  readonly port: number;
  /** 'u1': UDP, one socket; 't1': TCP, one connection. */
  readonly transport: 'u1' | 't1';
  /** `host:port` to send to, for scenarios that start by sending (sipp as UAC); always 127.0.0.1. */
  readonly remote?: string;
  /** -m: stop after this many calls (default 1). */
  readonly calls?: number;
  /** -s: the [service] keyword (the user part of the Request-URI). */
  readonly service?: string;
  /** -au/-ap: digest credentials for `auth="true"` responses. */
  readonly auth?: { readonly user: string; readonly password: string };
  /** -key name value: scenario keywords ([name]). */
  readonly keys?: Readonly<Record<string, string>>;
  /** -d: how long a `<pause/>` without its own duration waits. */
  readonly pauseMs?: number;
  /** -timeout with -timeout_error: sipp fails when the whole run takes longer (default 30 s). */
  readonly timeoutMs?: number;
}

export interface SippResult {
  /** sipp's own exit code (0 when every call of the scenario succeeded); null when it died from a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last line of sipp's statistics file, by column name (e.g. 'SuccessfulCall(C)', 'FailedCall(C)'). */
  readonly stats: Readonly<Record<string, string>>;
  /** sipp's message trace: every SIP message sent and received, in order. */
  readonly messages: string;
  /** sipp's trace of unexpected messages. */
  readonly errors: string;
  /** What sipp printed (stdout and stderr). */
  readonly output: string;
}

export interface SippHandle {
  readonly pid: number;
  /** Resolves when sipp exits (by itself or after stop()). */
  readonly done: Promise<SippResult>;
  /** Resolves once sipp's message trace (written as it runs) matches `pattern`; rejects after `timeoutMs`. */
  waitForTrace(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Interrupts sipp by its PID (SIGINT, then SIGKILL after 3 s) and returns its result. */
  stop(): Promise<SippResult>;
}

const SIPP = 'sipp';
/** Every sipp this module started and that has not exited yet, for stopStartedSipps(). */
const running = new Set<SippHandle>();
const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), 'sipp-scenarios');

/** Throws with the reason when sipp is missing, so the tests fail loudly instead of skipping. */
export function requireSipp(): void {
  const probe = spawnSync(SIPP, ['-v'], { encoding: 'utf8' });
  if (probe.error !== undefined || !/SIPp v3\./.test(`${probe.stdout}${probe.stderr}`)) {
    throw new Error('the sipp tests need sipp 3.x on PATH: install the Debian package sip-tester');
  }
}

/** The path of a scenario file the project owns. */
export function sippScenarioPath(name: string): string {
  return join(SCENARIOS, name);
}

export async function startSipp(options: SippOptions): Promise<SippHandle> {
  requireSipp();
  const runDir = mkdtempSync(join(tmpdir(), 'parley-sipp-'));
  const controlPort = await freeUdpPort();
  // sipp also binds media ports (-mp and -mp + 2) even when no scenario plays media: keep them off fixed numbers.
  const mediaPort = await freeUdpPort();
  const files = { messages: join(runDir, 'messages.log'), errors: join(runDir, 'errors.log'), stats: join(runDir, 'stats.csv') };
  const timeoutSeconds = Math.ceil((options.timeoutMs ?? 30_000) / 1000);
  const args = [
    '-sf', sippScenarioPath(options.scenario),
    '-t', options.transport,
    '-i', '127.0.0.1',
    '-p', String(options.port),
    '-bind_local',
    '-ci', '127.0.0.1',
    '-cp', String(controlPort),
    '-mi', '127.0.0.1',
    '-mp', String(mediaPort),
    '-m', String(options.calls ?? 1),
    '-nostdin',
    '-timeout', `${timeoutSeconds}s`,
    '-timeout_error',
    '-trace_msg', '-message_file', files.messages,
    '-trace_err', '-error_file', files.errors,
    '-trace_stat', '-stf', files.stats, '-fd', '1',
    ...(options.pauseMs !== undefined ? ['-d', String(options.pauseMs)] : []),
    ...(options.service !== undefined ? ['-s', options.service] : []),
    ...(options.auth !== undefined ? ['-au', options.auth.user, '-ap', options.auth.password] : []),
    ...Object.entries(options.keys ?? {}).flatMap(([name, value]) => ['-key', name, value]),
    ...(options.remote !== undefined ? [options.remote] : []),
  ];
  if (options.remote !== undefined && !options.remote.startsWith('127.0.0.1:')) throw new Error(`sipp may only send to 127.0.0.1, not ${options.remote}`);

  let output = '';
  const child: ChildProcess = spawn(SIPP, args, { cwd: runDir, stdio: ['ignore', 'pipe', 'pipe'] });
  // sipp redraws its screen on stdout: keep the tail only.
  const collect = (data: Buffer) => (output = (output + data.toString('utf8')).slice(-20_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const done = new Promise<SippResult>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`sipp could not be started: ${error.message}`)));
    child.once('exit', (exitCode, signal) => {
      const result: SippResult = {
        exitCode,
        signal,
        stats: lastStats(readOrEmpty(files.stats)),
        messages: readOrEmpty(files.messages),
        errors: readOrEmpty(files.errors),
        output,
      };
      rmSync(runDir, { recursive: true, force: true });
      resolve(result);
    });
  });
  if (child.pid === undefined) throw await done.then(() => new Error('sipp exited at once'), (error: unknown) => error);
  const pid = child.pid;
  const handle: SippHandle = {
    pid,
    done,
    async waitForTrace(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(readOrEmpty(files.messages))) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sipp exited before its trace matched ${pattern}`);
        if (Date.now() > deadline) throw new Error(`sipp's trace did not match ${pattern} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGINT');
        const timer = setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
        }, 3_000);
        const result = await done;
        clearTimeout(timer);
        return result;
      }
      return done;
    },
  };
  running.add(handle);
  void done.finally(() => running.delete(handle)).catch(() => undefined);
  try {
    await waitForSipPort(options, child, () => output.slice(-3000));
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

/** Stops (by PID) every sipp still running, e.g. after a failed test left one waiting for messages. */
export async function stopStartedSipps(): Promise<void> {
  await Promise.all([...running].map((handle) => handle.stop()));
}

/** A short human summary of a run, for assertion messages. */
export function describeSippRun(result: SippResult): string {
  return [
    `sipp exit ${result.exitCode ?? result.signal}`,
    `successful ${result.stats['SuccessfulCall(C)'] ?? '?'}, failed ${result.stats['FailedCall(C)'] ?? '?'}`,
    result.errors.trim() === '' ? '' : `unexpected:\n${result.errors.slice(-3000)}`,
    `output tail:\n${result.output.slice(-2000)}`,
    `messages:\n${result.messages.slice(-6000)}`,
  ]
    .filter((part) => part !== '')
    .join('\n');
}

export interface SippTraceEntry {
  readonly direction: 'sent' | 'received';
  /** sipp's clock when it logged the message (ms; only differences are meaningful). */
  readonly at: number;
  readonly text: string;
}

/** sipp's message trace, in order: each message follows a "---- <date> <time>" line and a direction line. */
export function sippTrace(result: Pick<SippResult, 'messages'>): SippTraceEntry[] {
  const entries: SippTraceEntry[] = [];
  const block = /^-{10,} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d+)\n(?:UDP|TCP) message (sent|received)[^\n]*\n([\s\S]*?)(?=^-{10,} |(?![\s\S]))/gm;
  for (const match of result.messages.matchAll(block)) {
    const [, date = '', time = '', direction = '', text = ''] = match;
    entries.push({ direction: direction === 'sent' ? 'sent' : 'received', at: Date.parse(`${date}T${time.slice(0, 12)}Z`), text: text.trim() });
  }
  return entries;
}

/** The SIP messages of the trace in one direction, one string each. */
export function sippMessages(result: Pick<SippResult, 'messages'>, direction: 'sent' | 'received'): string[] {
  return sippTrace(result)
    .filter((entry) => entry.direction === direction)
    .map((entry) => entry.text);
}

/** The one message of the trace whose first line starts with `start` (e.g. 'CANCEL ', 'SIP/2.0 487'); throws when there is not exactly one. */
export function sippMessage(result: Pick<SippResult, 'messages'>, direction: 'sent' | 'received', start: string): string {
  const found = sippMessages(result, direction).filter((message) => message.startsWith(start));
  if (found.length !== 1) throw new Error(`sipp ${direction} ${found.length} messages starting with ${JSON.stringify(start)}, not 1`);
  return found[0] as string;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function lastStats(csv: string): Record<string, string> {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0]?.split(';') ?? [];
  const last = lines.length > 1 ? (lines[lines.length - 1]?.split(';') ?? []) : [];
  return Object.fromEntries(header.map((name, index) => [name, last[index] ?? '']).filter(([name]) => name !== ''));
}

/** sipp opens its SIP socket after parsing the scenario; a UAS must be listening before Parley sends. */
async function waitForSipPort(options: SippOptions, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sipp exited at start (${child.exitCode ?? child.signalCode}):\n${output()}`);
    if (isBound(options.port, options.transport === 't1' ? 'tcp' : 'udp')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sipp did not bind 127.0.0.1:${options.port} within 5 s`);
}

/** Whether something is bound to 127.0.0.1:<port> (/proc/net: hex address and port, TCP state 0A = LISTEN). */
function isBound(port: number, protocol: 'tcp' | 'udp'): boolean {
  const table = readOrEmpty(`/proc/net/${protocol}`);
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table.split('\n').some((line) => {
    const fields = line.trim().split(/\s+/);
    return fields[1] === local && (protocol === 'udp' || fields[3] === '0A');
  });
}

/** A UDP port on 127.0.0.1 that was free a moment ago (for sipp's control socket). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
