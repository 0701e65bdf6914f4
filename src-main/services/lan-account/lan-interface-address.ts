import { isIPv4 } from 'node:net';
import { networkInterfaces, userInfo } from 'node:os';

type InterfaceTable = ReturnType<typeof networkInterfaces>;

/**
 * The IPv4 address the LAN account listens and advertises on when none is configured: an external interface's
 * address, private ranges first (RFC 1918: what a LAN usually is), then any other routable one, then a
 * link-local one (RFC 3927: a link with no DHCP). mDNS and the Contact both need one concrete address
 * (a wildcard listener could not say where it is reachable). Undefined when the machine has no network.
 */
export function chooseLanAddress(interfaces: InterfaceTable = networkInterfaces()): string | undefined {
  const candidates = Object.values(interfaces)
    .flat()
    .filter((info) => info !== undefined && info.family === 'IPv4' && !info.internal && isIPv4(info.address))
    .map((info) => info!.address);
  const rank = (address: string): number => (isPrivate(address) ? 0 : address.startsWith('169.254.') ? 2 : 1);
  // Stable: within a rank, the OS's interface order.
  return candidates.map((address, index) => ({ address, index })).sort((a, b) => rank(a.address) - rank(b.address) || a.index - b.index)[0]?.address;
}

function isPrivate(address: string): boolean {
  const [first = 0, second = 0] = address.split('.').map(Number);
  return first === 10 || (first === 172 && second >= 16 && second <= 31) || (first === 192 && second === 168);
}

/** A SIP user part for the LAN account's address: the login name made URI-safe (RFC 3261 §25.1 `user`), else `parley`. */
export function lanUserPart(loginName: () => string = () => userInfo().username): string {
  let name = '';
  try {
    name = loginName();
  } catch {
    // No passwd entry for this uid (containers): fall back below.
  }
  const safe = name.toLowerCase().replace(/[^a-z0-9._-]/g, '').slice(0, 32);
  return safe === '' ? 'parley' : safe;
}
