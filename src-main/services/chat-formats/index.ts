/** Chat payload codecs: CPIM (RFC 3862), IMDN (RFC 5438), is-composing (RFC 3994). Pure, bytes in and out. */
export { CHAT_FORMAT_ERROR_CODES, ChatFormatError, type ChatFormatErrorCode } from './chat-format-error';
export { escapeCpimHeaderValue, unescapeCpimHeaderValue } from './cpim-escape';
export { formatCpimAddress, parseCpimAddress, type CpimAddress } from './cpim-address';
export {
  CPIM_CONTENT_TYPE,
  CPIM_STANDARD_NAMESPACE,
  cpimHeaderValues,
  unsupportedRequired,
  type CpimContentHeader,
  type CpimExtensionHeader,
  type CpimMessage,
  type CpimMessageInit,
  type CpimSubject,
} from './cpim-message';
export { formatCpim } from './cpim-format';
export { parseCpim, type CpimParseLimits } from './cpim-parse';
export { formatRfc3339, localDateTime, parseRfc3339, type CpimDateTime } from './rfc3339';
export { isTextMediaType, parseMediaType, type MediaType } from './media-type';
export {
  DISPOSITION_NOTIFICATIONS,
  IMDN_NAMESPACE,
  createImdnMessageId,
  imdnRequestHeaders,
  readImdnRequest,
  type DispositionNotification,
  type ImdnRequest,
} from './imdn-headers';
export {
  IMDN_CONTENT_TYPE,
  IMDN_STATUSES,
  IMDN_XML_NAMESPACE,
  formatImdnNotification,
  imdnNotificationMessage,
  parseImdnNotification,
  type ImdnKind,
  type ImdnNotification,
} from './imdn-notification';
export {
  ISCOMPOSING_CONTENT_TYPE,
  ISCOMPOSING_NAMESPACE,
  formatIsComposing,
  parseIsComposing,
  type ComposingState,
  type IsComposing,
} from './is-composing';
export {
  ComposingIndicator,
  type ComposingIndicatorEvents,
  type ComposingIndicatorOptions,
  type ComposingTimers,
  type RemoteComposing,
} from './composing-indicator';
export { parseXml, type XmlElement, type XmlLimits } from './xml-reader';
