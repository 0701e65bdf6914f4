import { describe, expect, it } from 'vitest';
import { checkAddress, isHost, isHostname, isIpv4, isIpv6 } from './host-syntax';

describe('host syntax', () => {
  it.each(['example.com', 'sip.example.com.', 'a', 'x-1.example', '1example.org', 'localhost'])('%s is a host name', (name) => {
    expect(isHostname(name)).toBe(true);
  });

  it.each(['', '-a.com', 'a-.com', 'a..b', 'exa mple.com', 'ex_ample.com', `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`, '1.2.3.999', 'é.com'])(
    '%j is not a host name',
    (name) => {
      expect(isHostname(name)).toBe(false);
    },
  );

  it.each(['0.0.0.0', '127.0.0.1', '255.255.255.255', '192.168.1.10'])('%s is IPv4', (address) => {
    expect(isIpv4(address)).toBe(true);
  });

  it.each(['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '1.2.3.4 '])('%j is not IPv4', (address) => {
    expect(isIpv4(address)).toBe(false);
  });

  it.each(['::1', '::', '2001:db8::1', '1:2:3:4:5:6:7:8', '1::8', 'fe80::1:2', '::ffff:192.0.2.1', '1:2:3:4:5:6:1.2.3.4', '2001:DB8::'])(
    '%s is IPv6',
    (address) => {
      expect(isIpv6(address)).toBe(true);
    },
  );

  it.each(['', ':', ':::', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7', '::1.2.3.256', '1:2:3:4:5:6:7:1.2.3.4', ':1::', '1::2:3:4:5:6:7:8'])(
    '%j is not IPv6',
    (address) => {
      expect(isIpv6(address)).toBe(false);
    },
  );

  it('accepts bracketed IPv6 as a host and refuses unbalanced brackets', () => {
    expect(isHost('[::1]')).toBe(true);
    expect(isHost('::1')).toBe(true);
    expect(isHost('[::1')).toBe(false);
    expect(isHost('[example.com]')).toBe(false);
  });

  it.each([
    ['alice@example.com', null],
    ['alice@example.com:5061', null],
    ['alice@127.0.0.1', null],
    ['alice@[2001:db8::1]', null],
    ['alice@[2001:db8::1]:5060', null],
    ["a.b-c_d!~*'()&=+$,;?/%41@example.com", null],
    ['alice', 'missing-at'],
    ['@example.com', 'missing-at'],
    ['alice@', 'missing-at'],
    ['ali ce@example.com', 'bad-user'],
    ['alice:secret@example.com', 'bad-user'],
    ['al%4@example.com', 'bad-user'],
    ['alice@exa mple.com', 'bad-domain'],
    ['alice@[::1', 'bad-domain'],
    ['alice@[::1]x', 'bad-domain'],
    ['alice@2001:db8::1', 'bad-domain'],
    ['alice@example.com:0', 'bad-port'],
    ['alice@example.com:65536', 'bad-port'],
    ['alice@example.com:', 'bad-port'],
    ['alice@example.com:50a', 'bad-port'],
  ] as const)('checkAddress(%j) = %j', (address, expected) => {
    expect(checkAddress(address)).toBe(expected);
  });
});
