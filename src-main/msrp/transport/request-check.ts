import { FromPathHeader, ToPathHeader } from '../protocol/headers/path-headers';
import { MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpUri } from '../protocol/msrp-uri';
import type { SessionMatching } from './transport-types';

/**
 * RFC 4975 §7.3.1: a request must carry To-Path and From-Path (else 400), and the first URI of its
 * To-Path must be ours (else 481; by session-id only when CEMA, RFC 6714 §4.2, was negotiated). Without a
 * local URI yet (a server connection before binding) only the presence of the paths is checked.
 */
export function checkToPath(head: MsrpChunk, localUri: MsrpUri | undefined, matching: SessionMatching): { status: number; reason: string } | undefined {
  let toPath: readonly MsrpUri[] | undefined;
  try {
    toPath = head.toPath;
    if (head.fromPath === undefined) return { status: 400, reason: 'From-Path missing' };
  } catch (error) {
    return { status: 400, reason: error instanceof Error ? error.message : 'bad path' };
  }
  if (toPath === undefined || toPath.length === 0) return { status: 400, reason: 'To-Path missing' };
  if (localUri === undefined) return undefined;
  const first = toPath[0] as MsrpUri;
  const matches = matching === 'session-id' ? first.sessionId === localUri.sessionId : first.equals(localUri);
  return matches ? undefined : { status: 481, reason: `To-Path ${first.toString()} is not this session` };
}

/**
 * A response to a request whose paths could not be read (RFC 4975 §7.2 wants To-Path = the previous hop):
 * sent towards the next hop we know, from our URI; none when neither is known yet.
 */
export function responseWithoutPaths(transactionId: string, status: number, to: MsrpUri | undefined, from: MsrpUri | undefined): MsrpChunk | undefined {
  if (to === undefined || from === undefined) return undefined;
  const response = new MsrpChunk({ transactionId, code: status });
  response.headers.setDecoded(ToPathHeader, [to]);
  response.headers.setDecoded(FromPathHeader, [from]);
  return response;
}
