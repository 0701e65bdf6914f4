import type { AccountDraft, AccountSettings, MsrpConnectionModel, MsrpTransport, SipTransport } from '../../../../src-shared';

/**
 * The account form as the user types it: every text box is a string (a half-typed port is not a number
 * yet), every choice a plain value. `toDraft` turns it into what `accounts.add`/`accounts.update` take.
 */
export interface AccountFormValues {
  readonly address: string;
  readonly displayName: string;
  /** Write-only: never filled from a saved account. */
  readonly password: string;
  /** Edit only: clear the saved password. */
  readonly removePassword: boolean;
  readonly authUsername: string;
  readonly useOutboundProxy: boolean;
  readonly proxyHost: string;
  readonly proxyPort: string;
  readonly proxyTransport: SipTransport;
  readonly registrationEnabled: boolean;
  readonly registrationExpires: string;
  readonly relayMode: 'auto' | 'manual';
  readonly relayHost: string;
  readonly relayPort: string;
  readonly relayTransport: MsrpTransport;
  readonly relayUsername: string;
  readonly msrpTransport: MsrpTransport;
  readonly connectionModel: MsrpConnectionModel;
  readonly tlsVerify: boolean;
  readonly caFile: string;
}

export function formValuesFrom(settings: AccountSettings): AccountFormValues {
  const proxy = settings.outboundProxy;
  const relay = settings.msrpRelay;
  return {
    address: settings.address,
    displayName: settings.displayName,
    password: '',
    removePassword: false,
    authUsername: settings.authUsername,
    useOutboundProxy: proxy !== null,
    proxyHost: proxy?.host ?? '',
    proxyPort: proxy === null ? '5060' : String(proxy.port),
    proxyTransport: proxy?.transport ?? 'udp',
    registrationEnabled: settings.registration.enabled,
    registrationExpires: String(settings.registration.expires),
    relayMode: relay.mode,
    relayHost: relay.mode === 'manual' ? relay.host : '',
    relayPort: relay.mode === 'manual' ? String(relay.port) : '2855',
    relayTransport: relay.mode === 'manual' ? relay.transport : 'tls',
    relayUsername: relay.mode === 'manual' ? relay.username : '',
    msrpTransport: settings.msrpTransport,
    connectionModel: settings.msrpConnectionModel,
    tlsVerify: settings.tls.verifyServer,
    caFile: settings.tls.caFile,
  };
}

/**
 * `mode` decides what an empty password box means: nothing for a new account, "keep the saved one" when
 * editing. A number box that does not hold a whole number becomes NaN, which validation reports beside it.
 */
export function toDraft(values: AccountFormValues, mode: 'add' | 'edit'): AccountDraft {
  const settings: AccountSettings = {
    address: values.address.trim().replace(/^sips?:/i, ''),
    displayName: values.displayName.trim(),
    authUsername: values.authUsername.trim(),
    outboundProxy: values.useOutboundProxy
      ? { host: values.proxyHost.trim(), port: toInteger(values.proxyPort), transport: values.proxyTransport }
      : null,
    registration: { enabled: values.registrationEnabled, expires: toInteger(values.registrationExpires) },
    msrpRelay:
      values.relayMode === 'auto'
        ? { mode: 'auto' }
        : {
            mode: 'manual',
            host: values.relayHost.trim(),
            port: toInteger(values.relayPort),
            transport: values.relayTransport,
            username: values.relayUsername.trim(),
          },
    msrpTransport: values.msrpTransport,
    msrpConnectionModel: values.connectionModel,
    tls: { verifyServer: values.tlsVerify, caFile: values.caFile.trim() },
  };
  if (mode === 'edit' && values.removePassword) return { ...settings, password: null };
  if (values.password !== '') return { ...settings, password: values.password };
  return settings;
}

function toInteger(text: string): number {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
