/** The services' public surface: what adapters (host/, electron/) may use. */
export { createParleyCore, type ParleyCore, type ParleyCoreOptions } from './parley-core';
export { FileSecretStore, type SecretCipher, type SecretStore } from './secrets';
export type { IpcCore } from './ipc/ipc-core';
export { InvariantError, ServicesError } from './errors';
export { LogService, type LogServiceOptions } from './logs';
export { Session, SessionManager, SessionState, type SessionAccount, type SessionEvents } from './sessions';
export { ChatStream, MediaStreamRegistry, MediaStreamState, MsrpStreamBase, defaultMediaStreamRegistry, type MediaStreamFactory } from './streams';
export { SipAccountService } from './sip-accounts';
export { ChatStreamError, chatStreamFactory, type ChatStreamOptions } from './streams';
export { ConversationService, type ConversationServiceOptions, type PagerPort } from './chat';
