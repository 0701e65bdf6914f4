import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { chooseLanAddress, lanUserPart } from './lan-interface-address';

function v4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: `${address}/24` };
}

describe('chooseLanAddress', () => {
  it('prefers a private address, then a routable one, then link-local, never loopback or IPv6', () => {
    const v6: NetworkInterfaceInfo = { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: 'fe80::1/64', scopeid: 2 };
    expect(chooseLanAddress({ lo: [v4('127.0.0.1', true)], eth0: [v6, v4('169.254.3.4')], eth1: [v4('203.0.113.5')], wlan0: [v4('192.168.1.20')] })).toBe('192.168.1.20');
    expect(chooseLanAddress({ eth0: [v4('169.254.3.4')], eth1: [v4('203.0.113.5')] })).toBe('203.0.113.5');
    expect(chooseLanAddress({ eth0: [v4('169.254.3.4')] })).toBe('169.254.3.4');
    expect(chooseLanAddress({ a: [v4('10.0.0.2')], b: [v4('172.16.0.2')] })).toBe('10.0.0.2');
    expect(chooseLanAddress({ b: [v4('172.32.0.2')], a: [v4('172.31.0.2')] })).toBe('172.31.0.2');
  });

  it('finds nothing on a machine with only loopback', () => {
    expect(chooseLanAddress({ lo: [v4('127.0.0.1', true)] })).toBeUndefined();
    expect(chooseLanAddress({})).toBeUndefined();
  });
});

describe('lanUserPart', () => {
  it('makes the login name URI-safe and falls back to parley', () => {
    expect(lanUserPart(() => 'Alice Smith')).toBe('alicesmith');
    expect(lanUserPart(() => 'root')).toBe('root');
    expect(lanUserPart(() => 'ñ@:;')).toBe('parley');
    expect(lanUserPart(() => {
      throw new Error('no passwd entry');
    })).toBe('parley');
  });
});
