import { MsrpHeaderError } from '../../errors';
import type { HeaderCodec } from './header-codec';

export type SuccessReport = 'yes' | 'no';
export type FailureReport = 'yes' | 'no' | 'partial';

/** RFC 4975 §7.1.2: absent Success-Report means `no`. */
export const DEFAULT_SUCCESS_REPORT: SuccessReport = 'no';
/** RFC 4975 §7.1.2: absent Failure-Report means `yes`. */
export const DEFAULT_FAILURE_REPORT: FailureReport = 'yes';

function choiceCodec<T extends string>(name: string, allowed: readonly T[]): HeaderCodec<T> {
  return {
    name,
    decode(value) {
      // ABNF literal strings are case-insensitive (RFC 5234 §2.3).
      const lower = value.trim().toLowerCase();
      if (!(allowed as readonly string[]).includes(lower)) throw new MsrpHeaderError(name, JSON.stringify(value.slice(0, 100)));
      return lower as T;
    },
    encode: (value) => value,
  };
}

/** RFC 4975 §9: Success-Report = "Success-Report:" SP ("yes" / "no") */
export const SuccessReportHeader = choiceCodec<SuccessReport>('Success-Report', ['yes', 'no']);
/** RFC 4975 §9: Failure-Report = "Failure-Report:" SP ("yes" / "no" / "partial") */
export const FailureReportHeader = choiceCodec<FailureReport>('Failure-Report', ['yes', 'no', 'partial']);
