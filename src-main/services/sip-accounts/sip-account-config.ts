import type { SipAccountView } from '../../../src-shared';
import type { MsrpRelaySettings, MsrpTlsClientOptions } from '../../msrp';
import type { SipAccountConfig, SipLogger } from '../../sip';

/** `user@domain` → its parts (the address is validated by the account schema). */
export function addressParts(address: string): { user: string; domain: string } {
  const at = address.lastIndexOf('@');
  return { user: address.slice(0, at), domain: address.slice(at + 1) };
}

/**
 * The SIP layer's configuration of an account. Without an outbound proxy the SIP transport is TLS (the
 * default of serious clients); with one, the proxy's transport is used for every request (RFC 3261 §8.1.2).
 */
export function sipAccountConfig(account: SipAccountView, password: string, logger: SipLogger): SipAccountConfig {
  const { settings } = account;
  const proxy = settings.outboundProxy;
  const transport = proxy?.transport ?? 'tls';
  return {
    aor: `sip:${settings.address}`,
    password,
    authorizationUsername: settings.authUsername === '' ? undefined : settings.authUsername,
    displayName: settings.displayName === '' ? undefined : settings.displayName,
    transport,
    outboundProxy: proxy === null ? undefined : `sip:${proxy.host}:${proxy.port};transport=${proxy.transport}`,
    register: settings.registration.enabled,
    expiresSeconds: settings.registration.expires,
    tls: {
      rejectUnauthorized: settings.tls.verifyServer,
      ...(settings.tls.caFile === '' ? {} : { caFile: settings.tls.caFile }),
    },
    logger,
  };
}

/**
 * The account's MSRP relay with credentials (RFC 4976 §5.2 digest): the relay user name defaults to the SIP
 * digest user, the password is the account's. 'auto' finds the relay by SRV under the address's domain.
 */
export function msrpRelaySettings(account: SipAccountView, password: string): MsrpRelaySettings {
  const { settings } = account;
  const { user, domain } = addressParts(settings.address);
  const sipUser = settings.authUsername === '' ? user : settings.authUsername;
  const relay = settings.msrpRelay;
  if (relay.mode === 'auto') return { domain, username: sipUser, password, useTls: settings.msrpTransport === 'tls' };
  return {
    domain,
    host: relay.host,
    port: relay.port,
    useTls: relay.transport === 'tls',
    username: relay.username === '' ? sipUser : relay.username,
    password,
  };
}

/** The MSRP URI scheme the account's streams use: the relay's transport behind a manual relay, else the account's. */
export function msrpScheme(account: SipAccountView): 'msrp' | 'msrps' {
  const { settings } = account;
  if (settings.msrpConnectionModel === 'relay' && settings.msrpRelay.mode === 'manual') return settings.msrpRelay.transport === 'tls' ? 'msrps' : 'msrp';
  return settings.msrpTransport === 'tls' ? 'msrps' : 'msrp';
}

export function msrpTlsOptions(account: SipAccountView): MsrpTlsClientOptions {
  return { rejectUnauthorized: account.settings.tls.verifyServer };
}
