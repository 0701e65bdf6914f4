import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostArgumentError, parseHostArguments, profilesRoot } from './host-arguments';

const env = { XDG_CONFIG_HOME: '/cfg' };

describe('parseHostArguments', () => {
  it('defaults to the default profile under the per-user config folder, any port, built renderer', () => {
    expect(parseHostArguments([], env)).toEqual({
      profileDir: join('/cfg', 'Parley', 'profiles', 'default'),
      profileName: 'default',
      port: 0,
      dev: false,
      rendererDir: undefined,
      offline: false,
      lan: false,
      lanAddress: undefined,
    });
  });

  it('takes --offline, which turns SIP accounts off', () => {
    expect(parseHostArguments(['--offline', '--profile-name', 'alice'], env)).toMatchObject({ offline: true, profileName: 'alice' });
  });

  it('takes --lan, and --lan-address which implies it', () => {
    expect(parseHostArguments(['--lan'], env)).toMatchObject({ lan: true, lanAddress: undefined, offline: false });
    expect(parseHostArguments(['--lan-address=169.254.7.1'], env)).toMatchObject({ lan: true, lanAddress: '169.254.7.1' });
  });

  it('takes --profile-name as a folder under the profiles root, in both flag forms', () => {
    expect(parseHostArguments(['--profile-name', 'alice'], env)).toMatchObject({
      profileDir: join('/cfg', 'Parley', 'profiles', 'alice'),
      profileName: 'alice',
    });
    expect(parseHostArguments(['--profile-name=bob', '--port=5000', '--dev'], env)).toMatchObject({
      profileName: 'bob',
      port: 5000,
      dev: true,
    });
  });

  it('takes --profile as the folder itself and names the profile after it', () => {
    expect(parseHostArguments(['--profile', 'some/dir/carol', '--renderer-dir', 'r'], env)).toMatchObject({
      profileDir: resolve('some/dir/carol'),
      profileName: 'carol',
      rendererDir: resolve('r'),
    });
  });

  it.each([
    [['--profile-name', '../escape']],
    [['--profile-name', 'a/b']],
    [['--profile-name']],
    [['--port', '70000']],
    [['--port', '-1']],
    [['--port', 'http']],
    [['--dev=yes']],
    [['--offline=no']],
    [['--lan=yes']],
    [['--lan-address', 'eth0']],
    [['--lan-address', '::1']],
    [['--lan', '--offline']],
    [['--offline', '--lan-address', '10.0.0.1']],
    [['--unknown']],
  ])('refuses %j with a typed error', (argv) => {
    expect(() => parseHostArguments(argv, env)).toThrow(HostArgumentError);
    try {
      parseHostArguments(argv, env);
    } catch (error) {
      expect((error as HostArgumentError).code).toBe('invalid-host-argument');
    }
  });
});

describe('profilesRoot', () => {
  it('follows each platform convention', () => {
    expect(profilesRoot({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe(join('/x', 'Parley', 'profiles'));
    expect(profilesRoot({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32')).toBe(join('C:/Users/a/AppData/Roaming', 'Parley', 'profiles'));
    expect(profilesRoot({}, 'darwin')).toMatch(/Library[/\\]Application Support[/\\]Parley[/\\]profiles$/);
  });
});
