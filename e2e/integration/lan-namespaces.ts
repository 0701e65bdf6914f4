import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createNamespacePair, spawnInNamespace, type NamespacePair } from '../peers/network-namespace';

export const REPO = resolve(import.meta.dirname, '../..');
const NODE_BINARY = join(REPO, 'node_modules/.bin/node');
/** `node --import tsx` rather than the tsx CLI: the CLI runs the program in a grandchild that a kill of our child would orphan. */
export const TSX_ARGS: readonly string[] = ['--import', 'tsx'];

/** A Node program running in a namespace that writes JSON lines on stdout: every line is kept, in order. */
export interface JsonLinesProcess<L> {
  readonly child: ChildProcess;
  readonly lines: L[];
  /** Its stderr, and any stdout line that is not JSON. */
  readonly stderr: string[];
  /** Writes `value` to its stdin as one JSON line. */
  send(value: unknown): void;
  /** The first line, past or future, that satisfies `predicate`; on timeout an error with `what`, the lines so far and stderr. */
  waitFor(predicate: (line: L) => boolean, what: string, timeoutMs?: number): Promise<L>;
}

export interface NodeProgramOptions<L> {
  /** For error messages. */
  readonly name: string;
  /** How a timeout error shows the lines so far (default: all of them as JSON). */
  readonly describeLines?: (lines: readonly L[]) => string;
}

/**
 * Two network namespaces joined by a veth pair (real mDNS and direct SIP between them, nothing on the host's
 * interfaces), and the Node programs a test starts in them. dispose() kills (SIGKILL, by PID) whatever of them
 * still runs and deletes the namespaces.
 */
export class LanNamespaces {
  readonly #children: ChildProcess[] = [];

  private constructor(readonly pair: NamespacePair) {}

  /** Throws NamespaceUnavailableError with the reason when this machine cannot do it: the suite then fails loudly. */
  static create(): LanNamespaces {
    return new LanNamespaces(createNamespacePair());
  }

  /** Starts `node <args>` inside `namespace`, in the repository folder. */
  startNode<L>(namespace: string, args: readonly string[], options: NodeProgramOptions<L>): JsonLinesProcess<L> {
    const child = spawnInNamespace(namespace, NODE_BINARY, args, { cwd: REPO });
    this.#children.push(child);
    const lines: L[] = [];
    const stderr: string[] = [];
    const waiters = new Set<() => void>();
    createInterface({ input: child.stdout! }).on('line', (text) => {
      try {
        lines.push(JSON.parse(text) as L);
      } catch {
        stderr.push(`stdout: ${text}`);
      }
      for (const wake of [...waiters]) wake();
    });
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    const describeLines = options.describeLines ?? ((all: readonly L[]) => JSON.stringify(all));
    return {
      child,
      lines,
      stderr,
      send: (value) => void child.stdin!.write(`${JSON.stringify(value)}\n`),
      waitFor: (predicate, what, timeoutMs = 15_000) =>
        new Promise((resolvePromise, reject) => {
          const check = (): void => {
            const found = lines.find(predicate);
            if (found === undefined) return;
            waiters.delete(check);
            clearTimeout(timer);
            resolvePromise(found);
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`${options.name}: timed out waiting for ${what}; lines: ${describeLines(lines)}; stderr: ${stderr.join('')}`));
          }, timeoutMs);
          waiters.add(check);
          check();
        }),
    };
  }

  dispose(): void {
    try {
      for (const child of this.#children) {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // exited meanwhile
        }
      }
    } finally {
      this.pair.destroy();
    }
  }
}
