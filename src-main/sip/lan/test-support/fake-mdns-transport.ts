import type { MdnsOutgoing, MdnsPacket, MdnsSource, MdnsTransport } from '../mdns-transport';

/** An in-memory MdnsTransport: records what is sent, lets a test deliver packets as if from the link. */
export class FakeMdnsTransport implements MdnsTransport {
  readonly sent: MdnsOutgoing[] = [];
  closed = false;
  private listener: ((packet: MdnsPacket, source: MdnsSource) => void) | undefined;

  send(packet: MdnsOutgoing): Promise<void> {
    if (!this.closed) this.sent.push(packet);
    return Promise.resolve();
  }

  onPacket(listener: (packet: MdnsPacket, source: MdnsSource) => void): void {
    this.listener = listener;
  }

  close(): Promise<void> {
    this.closed = true;
    this.listener = undefined;
    return Promise.resolve();
  }

  deliver(packet: MdnsPacket, source: MdnsSource = { address: '192.0.2.10', port: 5353 }): void {
    this.listener?.(packet, source);
  }

  get hasListener(): boolean {
    return this.listener !== undefined;
  }
}
