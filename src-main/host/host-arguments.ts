import { isIPv4 } from 'node:net';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export interface HostArguments {
  readonly profileDir: string;
  readonly profileName: string;
  readonly port: number;
  readonly dev: boolean;
  readonly rendererDir: string | undefined;
  /** No SIP accounts run (and, later, no LAN discovery): for runs that must not touch the network. */
  readonly offline: boolean;
  /**
   * Run the LAN account (mDNS presence and a SIP listener on the LAN): `--lan`, or `--lan-address <IPv4>` to
   * choose the interface. Opt-in here, since the host mostly serves tests, whose multicast must stay inside
   * network namespaces; never with `--offline`.
   */
  readonly lan: boolean;
  readonly lanAddress: string | undefined;
}

export class HostArgumentError extends Error {
  readonly code = 'invalid-host-argument';
  override readonly name = 'HostArgumentError';
}

/** Profile names become folder names: keep them short and portable. */
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const DEFAULT_PROFILE_NAME = 'default';

/**
 * The per-user folder that holds Parley's profiles, where Electron keeps an app's data too (its `appData`):
 * `$XDG_CONFIG_HOME` or ~/.config on Linux, ~/Library/Application Support on macOS, %APPDATA% on Windows.
 */
export function profilesRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = homedir();
  const configDir =
    platform === 'win32'
      ? (env['APPDATA'] ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env['XDG_CONFIG_HOME'] || join(home, '.config'));
  return join(configDir, 'Parley', 'profiles');
}

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new HostArgumentError(`profile name "${name}": use 1-64 letters, digits, "-" or "_"`);
  }
  return name;
}

/**
 * `--profile <dir>` (the user-data folder), `--profile-name <name>` (a folder under the profiles root, for
 * Alice and Bob side by side), `--port <n>`, `--dev`, `--renderer-dir <dir>`, `--offline` (accounts are kept
 * and editable, but nothing registers or places calls), `--lan` / `--lan-address <IPv4>` (run the LAN account).
 * `--flag=value` works too.
 */
export function parseHostArguments(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): HostArguments {
  let profile: string | undefined;
  let profileName: string | undefined;
  let port = 0;
  let dev = false;
  let rendererDir: string | undefined;
  let offline = false;
  let lan = false;
  let lanAddress: string | undefined;
  const queue = [...argv];
  while (queue.length > 0) {
    const argument = queue.shift() ?? '';
    const [flag, inline] = argument.startsWith('--') && argument.includes('=')
      ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)]
      : [argument, undefined];
    const value = (): string => {
      const next = inline ?? queue.shift();
      if (next === undefined || next === '') throw new HostArgumentError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--profile':
        profile = resolve(value());
        break;
      case '--profile-name':
        profileName = checkProfileName(value());
        break;
      case '--port': {
        const text = value();
        port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw new HostArgumentError(`--port ${text}: use 0-65535`);
        break;
      }
      case '--dev':
        if (inline !== undefined) throw new HostArgumentError('--dev takes no value');
        dev = true;
        break;
      case '--offline':
        if (inline !== undefined) throw new HostArgumentError('--offline takes no value');
        offline = true;
        break;
      case '--lan':
        if (inline !== undefined) throw new HostArgumentError('--lan takes no value');
        lan = true;
        break;
      case '--lan-address': {
        const text = value();
        if (!isIPv4(text)) throw new HostArgumentError(`--lan-address ${text}: use an IPv4 address of this machine`);
        lan = true;
        lanAddress = text;
        break;
      }
      case '--renderer-dir':
        rendererDir = resolve(value());
        break;
      default:
        throw new HostArgumentError(`unknown argument ${argument}`);
    }
  }
  if (lan && offline) throw new HostArgumentError('--lan and --offline exclude each other: offline runs no networking at all');
  const name = profileName ?? (profile === undefined ? DEFAULT_PROFILE_NAME : basename(profile));
  return { profileDir: profile ?? join(profilesRoot(env), name), profileName: name, port, dev, rendererDir, offline, lan, lanAddress };
}
