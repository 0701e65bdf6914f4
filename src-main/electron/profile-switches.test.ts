import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostArgumentError } from '../host/host-arguments';
import { lanAddressFromSwitches, profileFromSwitches } from './profile-switches';

describe('profileFromSwitches', () => {
  it('defaults to <appData>/Parley/profiles/default', () => {
    expect(profileFromSwitches(['electron', '.'], '/appdata')).toEqual({
      userDataDir: join('/appdata', 'Parley', 'profiles', 'default'),
      profileName: 'default',
    });
  });

  it('puts --profile-name under the profiles root so Alice and Bob get separate userData', () => {
    const alice = profileFromSwitches(['parley', '--profile-name=alice'], '/appdata');
    const bob = profileFromSwitches(['parley', '--profile-name=bob'], '/appdata');
    expect(alice.userDataDir).toBe(join('/appdata', 'Parley', 'profiles', 'alice'));
    expect(bob.userDataDir).not.toBe(alice.userDataDir);
  });

  it('takes --profile as the folder, the last switch winning', () => {
    expect(profileFromSwitches(['--profile=a/one', '--profile=b/two'], '/appdata')).toEqual({
      userDataDir: resolve('b/two'),
      profileName: 'two',
    });
  });

  it('refuses a profile name that could escape the profiles folder', () => {
    expect(() => profileFromSwitches(['--profile-name=../../etc'], '/appdata')).toThrow(HostArgumentError);
  });
});

describe('lanAddressFromSwitches', () => {
  it('takes the last --lan-address, and none when absent or empty', () => {
    expect(lanAddressFromSwitches(['app', '--lan-address=10.0.0.2', '--lan-address=127.0.0.1'])).toBe('127.0.0.1');
    expect(lanAddressFromSwitches(['app'])).toBeUndefined();
    expect(lanAddressFromSwitches(['app', '--lan-address='])).toBeUndefined();
  });

  it('refuses anything but an IPv4 address', () => {
    for (const bad of ['localhost', '::1', '300.1.1.1', '127.0.0.1:5060']) {
      expect(() => lanAddressFromSwitches([`--lan-address=${bad}`])).toThrow(/IPv4/);
    }
  });
});
