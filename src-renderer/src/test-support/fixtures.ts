import type { AccountId, AccountsState, AccountSettings, AppSnapshot, LanAccountView, MediaStreamView, SessionId, SessionView, SipAccountView, StreamId, TransferId, TransferView } from '../../../src-shared';

export const LAN_ACCOUNT: LanAccountView = { kind: 'lan', id: 'lan' as AccountId, enabled: true, displayName: 'On this network' };

export const SAMPLE_SETTINGS: AccountSettings = {
  address: 'alice@example.org',
  displayName: 'Alice',
  authUsername: '',
  outboundProxy: null,
  registration: { enabled: true, expires: 600 },
  msrpRelay: { mode: 'auto' },
  msrpTransport: 'tls',
  msrpConnectionModel: 'relay',
  tls: { verifyServer: true, caFile: '' },
};

export function sipAccount(overrides: Partial<SipAccountView> = {}): SipAccountView {
  return {
    kind: 'sip',
    id: 'acc-1' as AccountId,
    enabled: true,
    settings: SAMPLE_SETTINGS,
    hasPassword: false,
    registration: { state: 'unregistered' },
    ...overrides,
  };
}

export function accountsState(...extra: SipAccountView[]): AccountsState {
  return { accounts: [LAN_ACCOUNT, ...extra], defaultAccountId: (extra[0]?.id ?? LAN_ACCOUNT.id) };
}

export function snapshot(seq: number, accounts: AccountsState = accountsState(), sessions: readonly SessionView[] = []): AppSnapshot {
  return { seq, accounts, storageProblems: [], app: { version: '0.1.0', adapter: 'web', profileName: 'test' }, sessions };
}

export function chatStream(id: string, state: MediaStreamView['state'] = 'started'): MediaStreamView {
  return { id: id as StreamId, type: 'chat', state, failure: null };
}

/** An outgoing session from alice@example.org to Bob, established with one started chat stream, unless overridden. */
export function sessionView(overrides: Partial<SessionView> = {}): SessionView {
  return {
    id: 'ses-1' as SessionId,
    accountId: 'acc-1' as AccountId,
    localUri: 'sip:alice@example.org',
    remoteUri: 'sip:bob@example.org',
    remoteDisplayName: 'Bob',
    direction: 'outgoing',
    state: 'established',
    streams: [chatStream('str-1')],
    offeredStreamTypes: [],
    failure: null,
    endedBy: null,
    createdAt: 1_000,
    startedAt: 2_000,
    endedAt: null,
    ...overrides,
  };
}

export function transferView(overrides: Partial<TransferView> = {}): TransferView {
  return {
    id: 'tr-1' as TransferId,
    accountId: 'acc-1' as AccountId,
    sessionId: null,
    direction: 'outgoing',
    peer: 'sip:bob@example.org',
    peerDisplayName: 'Bob',
    name: 'report.pdf',
    size: 2_000_000,
    mediaType: 'application/pdf',
    hash: null,
    state: 'transferring',
    bytes: 500_000,
    total: 2_000_000,
    bytesPerSecond: 250_000,
    etaSeconds: 6,
    startOffset: 0,
    failure: null,
    path: null,
    createdAt: 1_000,
    endedAt: null,
    ...overrides,
  };
}
