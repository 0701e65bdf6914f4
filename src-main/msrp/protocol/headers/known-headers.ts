import { ByteRangeHeader } from './byte-range';
import { ContentDispositionHeader } from './content-disposition';
import { ContentTypeHeader } from './content-type';
import { AuthenticationInfoHeader, AuthorizationHeader, WwwAuthenticateHeader } from './digest-headers';
import { ExpiresHeader, MaxExpiresHeader, MinExpiresHeader } from './expires';
import type { HeaderCodec } from './header-codec';
import { FromPathHeader, ToPathHeader, UsePathHeader } from './path-headers';
import { FailureReportHeader, SuccessReportHeader } from './report-headers';
import { StatusHeader } from './status';
import { ContentDescriptionHeader, ContentIdHeader, MessageIdHeader } from './text-headers';

/** Every header this library types, by lowercase name. Others are kept verbatim as text. */
export const KNOWN_HEADERS: ReadonlyMap<string, HeaderCodec<unknown>> = new Map(
  (
    [
      ToPathHeader,
      FromPathHeader,
      MessageIdHeader,
      SuccessReportHeader,
      FailureReportHeader,
      ByteRangeHeader,
      StatusHeader,
      ExpiresHeader,
      MinExpiresHeader,
      MaxExpiresHeader,
      UsePathHeader,
      WwwAuthenticateHeader,
      AuthorizationHeader,
      AuthenticationInfoHeader,
      ContentTypeHeader,
      ContentIdHeader,
      ContentDescriptionHeader,
      ContentDispositionHeader,
    ] as HeaderCodec<unknown>[]
  ).map((codec) => [codec.name.toLowerCase(), codec]),
);
