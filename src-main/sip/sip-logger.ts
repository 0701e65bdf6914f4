import { type Logger, createNullLogger } from '../common';

/** The part of the project logger this package uses. */
export type SipLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export const silentSipLogger: SipLogger = createNullLogger();
