import type { AccountDraft } from '../models/account';

/**
 * A complete, valid account draft for tests; `overrides` replace or add top-level fields (any value, so
 * tests can build invalid drafts too).
 */
export function validDraft(overrides: Readonly<Record<string, unknown>> = {}): AccountDraft {
  return {
    address: 'alice@example.com',
    displayName: 'Alice',
    authUsername: '',
    outboundProxy: null,
    registration: { enabled: true, expires: 600 },
    msrpRelay: { mode: 'auto' },
    msrpTransport: 'tls',
    msrpConnectionModel: 'relay',
    tls: { verifyServer: true, caFile: '' },
    ...overrides,
  } as AccountDraft;
}
