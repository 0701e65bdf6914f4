import type { RawSipHead } from './raw-sip-message';

/**
 * What sip.js's transaction layer leaves out over an unreliable transport (it assumes a reliable one: no
 * Timer A/E/G and Timers D/I/J/K set to 0). The UDP transport routes every datagram through these two.
 */
export interface RetransmissionTimers {
  /** RFC 3261 §17.1.1.1 T1 (RTT estimate) and T2 (cap for non-INVITE requests and INVITE responses). */
  readonly t1Ms: number;
  readonly t2Ms: number;
}

type Send = (text: string) => void;

interface ClientEntry {
  readonly text: string;
  readonly invite: boolean;
  interval: number;
  elapsed: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface CompletedEntry {
  /** The ACK sent for a non-2xx INVITE final response, to repeat if that response is retransmitted. */
  ack: string | undefined;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Client transactions: Timer A/E request retransmission, and absorbing retransmitted final responses. */
export class UdpClientRetransmitter {
  private readonly pending = new Map<string, ClientEntry>();
  private readonly completed = new Map<string, CompletedEntry>();

  constructor(private readonly timers: RetransmissionTimers, private readonly send: Send) {}

  requestSent(head: RawSipHead, text: string): void {
    const branch = head.topVia?.branch;
    if (!branch || !head.method) return;
    if (head.method === 'ACK') {
      // RFC 3261 §17.1.1.3: the ACK to a non-2xx shares the INVITE's branch; keep it for retransmitted finals.
      const done = this.completed.get(`${branch} INVITE`);
      if (done) done.ack = text;
      return;
    }
    const entry: ClientEntry = { text, invite: head.method === 'INVITE', interval: this.timers.t1Ms, elapsed: 0, timer: undefined };
    this.pending.set(`${branch} ${head.method}`, entry);
    this.schedule(`${branch} ${head.method}`, entry);
  }

  /** Returns false when the response is a retransmission the transaction user must not see again. */
  responseReceived(head: RawSipHead): boolean {
    const key = `${head.topVia?.branch ?? ''} ${head.cseqMethod ?? ''}`;
    const status = head.statusCode ?? 0;
    const entry = this.pending.get(key);
    if (entry) {
      if (status < 200) {
        // RFC 3261 §17.1.1.2: a provisional response stops Timer A; §17.1.2.2: Timer E continues at T2.
        if (entry.invite) this.stop(key, entry);
        else entry.interval = this.timers.t2Ms;
        return true;
      }
      this.stop(key, entry);
      // A 2xx to INVITE ends the transaction and its retransmissions go to the TU (RFC 6026 §8.4).
      if (!(entry.invite && status < 300)) this.complete(key, entry.invite);
      return true;
    }
    const done = this.completed.get(key);
    if (done && status >= 200 && !(head.cseqMethod === 'INVITE' && status < 300)) {
      // RFC 3261 §17.1.1.2 (Completed): retransmitted final → repeat the ACK; §17.1.2.2: absorb.
      if (done.ack) this.send(done.ack);
      return false;
    }
    return true;
  }

  dispose(): void {
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer);
    for (const entry of this.completed.values()) clearTimeout(entry.timer);
    this.pending.clear();
    this.completed.clear();
  }

  private schedule(key: string, entry: ClientEntry): void {
    entry.timer = setTimeout(() => {
      entry.elapsed += entry.interval;
      // RFC 3261 §17.1.1.2 / §17.1.2.2: Timer B/F (64·T1) ends retransmission; sip.js reports the timeout.
      if (entry.elapsed >= 64 * this.timers.t1Ms) {
        this.pending.delete(key);
        return;
      }
      this.send(entry.text);
      // Timer A doubles without bound; Timer E doubles up to T2.
      entry.interval = entry.invite ? entry.interval * 2 : Math.min(entry.interval * 2, this.timers.t2Ms);
      this.schedule(key, entry);
    }, entry.interval);
  }

  private stop(key: string, entry: ClientEntry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    this.pending.delete(key);
  }

  private complete(key: string, invite: boolean): void {
    // Timer D (≥ 32 s) for INVITE, Timer K (T4) for non-INVITE, RFC 3261 §17.1.1.2, §17.1.2.2.
    const lifetime = invite ? 64 * this.timers.t1Ms : 5_000;
    const timer = setTimeout(() => this.completed.delete(key), lifetime);
    this.completed.set(key, { ack: undefined, timer });
  }
}

interface ServerEntry {
  lastResponse: string | undefined;
  destination: { host: string; port: number } | undefined;
  retransmitTimer: ReturnType<typeof setTimeout> | undefined;
  readonly expiry: ReturnType<typeof setTimeout>;
}

type SendTo = (text: string, destination: { host: string; port: number }) => void;

/** Server transactions: absorb retransmitted requests (answering with the last response) and Timer G. */
export class UdpServerDuplicates {
  private readonly entries = new Map<string, ServerEntry>();

  constructor(private readonly timers: RetransmissionTimers, private readonly send: SendTo) {}

  /** Returns false when the request is a retransmission (its last response, if any, has been repeated). */
  requestReceived(head: RawSipHead): boolean {
    const via = head.topVia;
    if (!via?.branch || !head.method) return true;
    if (head.method === 'ACK') {
      // RFC 3261 §17.2.1: an ACK for a non-2xx final stops Timer G.
      const entry = this.entries.get(this.key(via.branch, 'INVITE', via.host, via.port));
      // The ACK still goes to sip.js: its server transaction waits for it (Timer H).
      if (entry?.retransmitTimer) clearTimeout(entry.retransmitTimer);
      if (entry) entry.retransmitTimer = undefined;
      return true;
    }
    const key = this.key(via.branch, head.method, via.host, via.port);
    const entry = this.entries.get(key);
    if (entry) {
      // RFC 3261 §17.2.1 / §17.2.2: a retransmitted request gets the most recent response again.
      if (entry.lastResponse && entry.destination) this.send(entry.lastResponse, entry.destination);
      return false;
    }
    // Timer J / H: remember the transaction for 64·T1.
    const expiry = setTimeout(() => this.forget(key), 64 * this.timers.t1Ms);
    this.entries.set(key, { lastResponse: undefined, destination: undefined, retransmitTimer: undefined, expiry });
    return true;
  }

  responseSent(head: RawSipHead, text: string, destination: { host: string; port: number }): void {
    const via = head.topVia;
    if (!via?.branch || !head.cseqMethod) return;
    const entry = this.entries.get(this.key(via.branch, head.cseqMethod, via.host, via.port));
    if (!entry) return;
    entry.lastResponse = text;
    entry.destination = destination;
    const status = head.statusCode ?? 0;
    if (head.cseqMethod === 'INVITE' && status >= 300 && !entry.retransmitTimer) {
      // RFC 3261 §17.2.1 Timer G: repeat a non-2xx final response, doubling up to T2, until the ACK.
      let interval = this.timers.t1Ms;
      let elapsed = 0;
      const tick = (): void => {
        entry.retransmitTimer = setTimeout(() => {
          elapsed += interval;
          if (elapsed >= 64 * this.timers.t1Ms || !entry.lastResponse || !entry.destination) return; // Timer H
          this.send(entry.lastResponse, entry.destination);
          interval = Math.min(interval * 2, this.timers.t2Ms);
          tick();
        }, interval);
      };
      tick();
    }
  }

  dispose(): void {
    for (const key of [...this.entries.keys()]) this.forget(key);
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    clearTimeout(entry.expiry);
    if (entry.retransmitTimer) clearTimeout(entry.retransmitTimer);
    this.entries.delete(key);
  }

  private key(branch: string, method: string, host: string, port: number | undefined): string {
    // RFC 3261 §17.2.3: branch, sent-by and method identify a server transaction.
    return `${branch} ${method} ${host.toLowerCase()}:${port ?? ''}`;
  }
}
