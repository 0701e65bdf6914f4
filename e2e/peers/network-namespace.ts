import { type ChildProcess, type SpawnOptions, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * Throw-away Linux network namespaces for tests whose traffic must never reach a real interface (multicast
 * DNS above all): two namespaces joined by a veth pair, each end with its own address and a multicast route.
 * Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2; anything missing throws NamespaceUnavailableError
 * with the reason, so a test fails loudly instead of silently passing.
 */
export class NamespaceUnavailableError extends Error {
  constructor(reason: string) {
    super(`network namespaces cannot be created here: ${reason}`);
    this.name = 'NamespaceUnavailableError';
  }
}

export interface NetworkNamespace {
  readonly name: string;
  /** The veth end inside this namespace. */
  readonly interfaceName: string;
  /** Its IPv4 address (prefix length `prefixLength`). */
  readonly address: string;
  readonly prefixLength: number;
}

export interface NamespacePair {
  readonly a: NetworkNamespace;
  readonly b: NetworkNamespace;
  /** Deletes both namespaces (which removes the veth pair); safe to call twice. */
  destroy(): void;
}

export interface NamespacePairOptions {
  /** First three octets of the link's /24 (default a link-local 169.254.x, never routed off the link). */
  readonly subnet?: string | undefined;
}

function ip(args: readonly string[]): string {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new NamespaceUnavailableError(`\`ip ${args.join(' ')}\` failed: ${stderr || String(error)}`);
  }
}

/** Runs `ip …` inside a namespace. */
export function ipIn(namespace: string, args: readonly string[]): string {
  return ip(['netns', 'exec', namespace, 'ip', ...args]);
}

export function deleteNamespace(name: string): void {
  try {
    execFileSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

/** Two namespaces linked by a veth pair, each with lo up, an address, and a route for 224.0.0.0/4 via the veth. */
export function createNamespacePair(options: NamespacePairOptions = {}): NamespacePair {
  if (process.platform !== 'linux') throw new NamespaceUnavailableError(`platform is ${process.platform}, not linux`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new NamespaceUnavailableError('not running as root');
  const tag = randomBytes(3).toString('hex');
  const subnet = options.subnet ?? `169.254.${100 + (randomBytes(1)[0] ?? 0) % 100}`;
  const a: NetworkNamespace = { name: `parley-${tag}-a`, interfaceName: `pv${tag}a`, address: `${subnet}.1`, prefixLength: 24 };
  const b: NetworkNamespace = { name: `parley-${tag}-b`, interfaceName: `pv${tag}b`, address: `${subnet}.2`, prefixLength: 24 };
  const created: string[] = [];
  const destroy = (): void => {
    for (const name of created.splice(0)) deleteNamespace(name);
  };
  try {
    for (const namespace of [a, b]) {
      ip(['netns', 'add', namespace.name]);
      created.push(namespace.name);
    }
    // Created inside a, then one end moved to b: nothing is ever attached to the host's own namespace.
    ipIn(a.name, ['link', 'add', a.interfaceName, 'type', 'veth', 'peer', 'name', b.interfaceName]);
    ipIn(a.name, ['link', 'set', b.interfaceName, 'netns', b.name]);
    for (const namespace of [a, b]) {
      ipIn(namespace.name, ['link', 'set', 'lo', 'up']);
      ipIn(namespace.name, ['addr', 'add', `${namespace.address}/${namespace.prefixLength}`, 'dev', namespace.interfaceName]);
      ipIn(namespace.name, ['link', 'set', namespace.interfaceName, 'multicast', 'on', 'up']);
      ipIn(namespace.name, ['route', 'add', '224.0.0.0/4', 'dev', namespace.interfaceName]);
    }
  } catch (error) {
    destroy();
    throw error;
  }
  return { a, b, destroy };
}

/** Spawns `command` inside the namespace (`ip netns exec`); the caller ends it by its PID. */
export function spawnInNamespace(namespace: string, command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn('ip', ['netns', 'exec', namespace, command, ...args], { stdio: ['pipe', 'pipe', 'pipe'], ...options });
}
