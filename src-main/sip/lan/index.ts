/**
 * src-main/sip/lan: the LAN account's networking — DNS-SD over mDNS presence (RFC 6762/6763) and direct SIP
 * between peers without a registrar. Imports only node: builtins, sip.js, multicast-dns and the sip package.
 */
export {
  DEFAULT_MAX_TXT_BYTES,
  DNS_SD_SERVICES_ENUMERATION,
  LAN_SIP_SERVICE_TYPES,
  LAN_TXT_VERSION,
  MAX_INSTANCE_NAME_BYTES,
  decodeTxt,
  encodeLanTxt,
  instanceFqdn,
  makeHostName,
  makeInstanceName,
  parseInstanceFqdn,
  parseLanTxt,
  randomInstanceSuffix,
  type LanSipTransportName,
  type LanTxtInfo,
  type LanTxtParseResult,
} from './dns-sd-records';
export { LanError, type LanErrorCode } from './lan-error';
export {
  GOODBYE_GRACE_MS,
  LanPeerTable,
  type LanPeer,
  type LanPeerChange,
  type LanPeerDisappearReason,
  type LanPeerTableOptions,
} from './lan-peer-table';
export { LanPresence, LanPresenceState, type LanPresenceEvents, type LanPresenceOptions, type LanPresenceUpdate } from './lan-presence';
export { LanSipEndpoint, type LanSipEndpointEvents, type LanSipEndpointOptions } from './lan-sip-endpoint';
export { LanSipTransport, type LanSipTransportOptions } from './lan-sip-transport';
export {
  MDNS_IPV4_GROUP,
  MDNS_PORT,
  createMulticastDnsTransport,
  type MdnsOutgoing,
  type MdnsPacket,
  type MdnsQuestion,
  type MdnsRecord,
  type MdnsRecordType,
  type MdnsSource,
  type MdnsSrvData,
  type MdnsTransport,
  type MulticastDnsTransportOptions,
} from './mdns-transport';
