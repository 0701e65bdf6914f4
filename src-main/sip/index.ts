/**
 * src-main/sip: sip.js in the Node main process. Imports only sip.js, node: builtins and src-main/common.
 */
export { SipUserAgent, type SipAccountConfig, type SipUserAgentEvents } from './sip-user-agent';
export { RegistrationClient, type RegistrationClientOptions } from './registration-client';
export { RegistrationStateName, type RegistrationState } from './registration-state';
export { type IncomingPagerMessage, type MessageDeliveryResult, DEFAULT_PAGER_CONTENT_TYPES } from './sip-pager';
export {
  resolveTarget,
  nodeDnsResolver,
  type ResolveTargetOptions,
  type SipDnsResolver,
  type SipHostSpec,
  type SipTarget,
  type SipTransportName,
  type NaptrAnswer,
  type SrvAnswer,
} from './resolve-target';
export { type NodeSipTransport, type NodeSipTransportOptions, type SipTlsOptions } from './node-sip-transport';
export { TcpSipTransport, TlsSipTransport, StreamSipTransport } from './stream-sip-transport';
export { UdpSipTransport } from './udp-sip-transport';
export { SipStreamFramer, type FramedItem } from './sip-stream-framer';
export { type BackoffOptions, DEFAULT_BACKOFF, backoffDelay } from './backoff';
export { SipError, SipInvariantError, type SipErrorCode } from './sip-error';
export { type SipLogger } from './sip-logger';
export { SipTracer, type SipTraceListener, type SipTraceMessage, type SipTraceTarget } from './sip-tracer';
export { type Unsubscribe } from './sip-event-emitter';
export * from './lan';
