/**
 * Session timers, process-wide and mutable like sip.js's `Core.Timers` (tests shorten them; every session
 * created afterwards uses the new values).
 */
export const SessionTimers = {
  /**
   * How long an outgoing INVITE may go without a final response before we CANCEL it and fail with 408
   * (RFC 3261 §9.1: the caller may give up at any time). Timer B (§17.1.1.2) stops at the first provisional
   * response, so a callee or proxy that sends 100/180 and nothing more is bounded only by this.
   */
  noAnswerMs: 120_000,
};
