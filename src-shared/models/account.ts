/**
 * Accounts as plain data (structured-clone safe). The seed's Account / BonjourAccount: a SIP account has an
 * address and servers; the LAN account (kind 'lan') exists from the first start and needs no server.
 * Passwords never appear here: views carry `hasPassword`, drafts carry a password change.
 */
export type AccountId = string & { readonly __brand: 'AccountId' };

export type SipTransport = 'udp' | 'tcp' | 'tls';
export type MsrpTransport = 'tcp' | 'tls';
/** The seed's msrp.connection_model: through a relay (RFC 4976) or direct (RFC 6135 ACM). */
export type MsrpConnectionModel = 'relay' | 'direct';

export interface OutboundProxy {
  readonly host: string;
  readonly port: number;
  readonly transport: SipTransport;
}

/** 'auto' finds the relay by DNS SRV `_msrps._tcp.<domain>`; 'manual' names it. */
export type MsrpRelaySettings =
  | { readonly mode: 'auto' }
  | {
      readonly mode: 'manual';
      readonly host: string;
      readonly port: number;
      readonly transport: MsrpTransport;
      /** Relay credentials; empty means "same as the SIP account". */
      readonly username: string;
    };

export interface TlsSettings {
  /** Verify server certificates (on by default; turning it off is an explicit, visible choice). */
  readonly verifyServer: boolean;
  /** Extra CA bundle (PEM file path) trusted in addition to the system store; empty for none. */
  readonly caFile: string;
}

export interface RegistrationSettings {
  readonly enabled: boolean;
  /** Seconds requested in Expires. */
  readonly expires: number;
}

/** Everything the user edits. */
export interface AccountSettings {
  /** `user@domain`, without the `sip:` scheme. Unique among accounts. */
  readonly address: string;
  readonly displayName: string;
  /** Digest username when it differs from the address's user part; empty for the user part. */
  readonly authUsername: string;
  readonly outboundProxy: OutboundProxy | null;
  readonly registration: RegistrationSettings;
  readonly msrpRelay: MsrpRelaySettings;
  readonly msrpTransport: MsrpTransport;
  readonly msrpConnectionModel: MsrpConnectionModel;
  readonly tls: TlsSettings;
}

/**
 * What the renderer sends to add or edit an account. `password`: a string sets it, `null` clears it,
 * absent keeps the stored one (edit) or means none (add).
 */
export interface AccountDraft extends AccountSettings {
  readonly password?: string | null;
}

export type RegistrationState =
  | { readonly state: 'disabled' }
  | { readonly state: 'unregistered' }
  | { readonly state: 'registering' }
  | { readonly state: 'registered'; readonly expiresAt: number }
  | { readonly state: 'failed'; readonly code: number; readonly reason: string }
  | { readonly state: 'retrying'; readonly retryAt: number; readonly reason: string };

export interface SipAccountView {
  readonly kind: 'sip';
  readonly id: AccountId;
  readonly enabled: boolean;
  readonly settings: AccountSettings;
  readonly hasPassword: boolean;
  readonly registration: RegistrationState;
}

/** The seed's BonjourAccount: always present, cannot be removed, only enabled/disabled and renamed. */
export interface LanAccountView {
  readonly kind: 'lan';
  readonly id: AccountId;
  readonly enabled: boolean;
  readonly displayName: string;
}

export type AccountView = SipAccountView | LanAccountView;
