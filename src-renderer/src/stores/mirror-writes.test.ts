import { describe, expect, it } from 'vitest';

// Every product source file of the renderer, as text (Vite's glob import, resolved at build time).
const sources = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../test-support/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('mirror stores are written only by the bridge', () => {
  it('finds the sources it checks', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
  });

  it('creates the writable stores only in the bridge and the stores module', () => {
    const creators = Object.entries(sources)
      .filter(([, text]) => /createMirrorStores\(/.test(text))
      .map(([path]) => path);
    expect(creators.sort()).toEqual(['../bridge/bridge.ts', './mirror-stores.ts']);
  });

  it('calls setState only in the bridge', () => {
    const writers = Object.entries(sources)
      .filter(([path, text]) => /\.setState\(/.test(text) && !path.startsWith('../bridge/'))
      .map(([path]) => path);
    expect(writers).toEqual([]);
  });
});
