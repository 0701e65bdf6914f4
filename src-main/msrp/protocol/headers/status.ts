import { MsrpHeaderError } from '../../errors';
import type { HeaderCodec } from './header-codec';

/** RFC 4975 §9: Status = "Status:" SP namespace SP status-code [SP text-reason], namespace "000". */
export interface MsrpStatusValue {
  /** Three digits; `000` for every code of RFC 4975. */
  readonly namespace: string;
  readonly code: number;
  readonly comment: string | undefined;
}

const STATUS_RE = /^([0-9]{3}) ([0-9]{3})(?: (.*))?$/;

export const StatusHeader: HeaderCodec<MsrpStatusValue> = {
  name: 'Status',
  decode(value) {
    const match = STATUS_RE.exec(value.trim());
    if (match === null) throw new MsrpHeaderError('Status', JSON.stringify(value.slice(0, 100)));
    const comment = match[3] === undefined || match[3] === '' ? undefined : match[3];
    return { namespace: match[1] as string, code: Number(match[2]), comment };
  },
  encode(value) {
    const code = String(value.code).padStart(3, '0');
    return `${value.namespace} ${code}${value.comment === undefined ? '' : ` ${value.comment}`}`;
  },
};

/** A REPORT's Status in the RFC 4975 namespace. */
export function statusValue(code: number, comment?: string): MsrpStatusValue {
  return { namespace: '000', code, comment };
}
