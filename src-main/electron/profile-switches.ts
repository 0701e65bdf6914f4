import { basename, join, resolve } from 'node:path';
import { checkProfileName, DEFAULT_PROFILE_NAME } from '../host/host-arguments';
import { isIpv4 } from '../../src-shared/models/host-syntax';

export interface ShellProfile {
  /** Electron's userData: Chromium's data and Parley's profile (accounts, secrets) live here. */
  readonly userDataDir: string;
  readonly profileName: string;
}

function switchValue(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const found = argv.findLast((argument) => argument.startsWith(prefix));
  return found?.slice(prefix.length);
}

/**
 * `--profile=<dir>` or `--profile-name=<name>` (Chromium-style switches take `=`). They decide userData,
 * and with it the single-instance lock, so Alice and Bob run side by side. The default matches the
 * WebSocket host's: <appData>/Parley/profiles/default.
 */
export function profileFromSwitches(argv: readonly string[], appDataDir: string): ShellProfile {
  const dir = switchValue(argv, 'profile');
  const name = switchValue(argv, 'profile-name');
  if (dir !== undefined && dir !== '') {
    return { userDataDir: resolve(dir), profileName: name === undefined ? basename(resolve(dir)) : checkProfileName(name) };
  }
  const profileName = name === undefined ? DEFAULT_PROFILE_NAME : checkProfileName(name);
  return { userDataDir: join(appDataDir, 'Parley', 'profiles', profileName), profileName };
}

/**
 * `--lan-address=<IPv4>`: the one interface the LAN account listens, advertises and browses on (default: the
 * LAN account picks one). Tests pass 127.0.0.1 so that nothing of theirs reaches a real network.
 */
export function lanAddressFromSwitches(argv: readonly string[]): string | undefined {
  const address = switchValue(argv, 'lan-address');
  if (address === undefined || address === '') return undefined;
  if (!isIpv4(address)) throw new Error(`--lan-address must be an IPv4 address, not ${JSON.stringify(address)}`);
  return address;
}
