import { describe, expect, it } from 'vitest';
import { formatCpim } from './cpim-format';
import { parseCpim } from './cpim-parse';
import { createImdnMessageId, IMDN_NAMESPACE, imdnRequestHeaders, readImdnRequest } from './imdn-headers';
import { formatImdnNotification, IMDN_CONTENT_TYPE, imdnNotificationMessage, parseImdnNotification, type ImdnNotification } from './imdn-notification';

const dateTime = { epochMs: Date.UTC(2008, 3, 4, 17, 16, 49), offsetMinutes: -300 };

describe('IMDN request headers (RFC 5438 §6)', () => {
  it('writes imdn.Message-ID and Disposition-Notification and reads them back through CPIM', () => {
    const wire = formatCpim({ dateTime, headers: imdnRequestHeaders({ messageId: 'm-1', notifications: ['positive-delivery', 'display', 'display'] }), contentType: 'text/plain', body: 'x' });
    expect(wire.toString()).toContain('NS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: m-1\r\nimdn.Disposition-Notification: positive-delivery, display\r\n');
    expect(readImdnRequest(parseCpim(wire))).toEqual({ messageId: 'm-1', notifications: ['positive-delivery', 'display'] });
  });

  it('reads any prefix bound to the IMDN namespace and ignores unknown dispositions', () => {
    const parsed = parseCpim(Buffer.from('NS: i <urn:ietf:params:imdn>\r\ni.Message-ID: x9\r\ni.Disposition-Notification: Negative-Delivery, teleport\r\n\r\nContent-Type: text/plain\r\n\r\n'));
    expect(readImdnRequest(parsed)).toEqual({ messageId: 'x9', notifications: ['negative-delivery'] });
    expect(readImdnRequest({ headers: [] })).toEqual({ messageId: undefined, notifications: [] });
  });

  it('creates unique ids that are also valid MSRP Message-IDs', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => createImdnMessageId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('IMDN notification document (RFC 5438 §7.2)', () => {
  it('parses the RFC example', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<imdn xmlns="urn:ietf:params:xml:ns:imdn">
  <message-id>34jk324j</message-id>
  <datetime>2008-04-04T12:16:49-05:00</datetime>
  <recipient-uri>im:bob@example.com</recipient-uri>
  <original-recipient-uri>im:bob@example.com</original-recipient-uri>
  <delivery-notification>
    <status>
      <delivered/>
    </status>
  </delivery-notification>
</imdn>`;
    expect(parseImdnNotification(xml)).toEqual({
      kind: 'delivery',
      status: 'delivered',
      messageId: '34jk324j',
      dateTime,
      recipientUri: 'im:bob@example.com',
      originalRecipientUri: 'im:bob@example.com',
    });
  });

  it('round-trips every kind and status, escaping what needs it', () => {
    const all: ImdnNotification[] = [
      { kind: 'delivery', status: 'delivered', messageId: 'a<&>"b', dateTime },
      { kind: 'delivery', status: 'failed', messageId: 'a', dateTime, recipientUri: 'sip:b@c', subject: 'R&D <x>' },
      { kind: 'display', status: 'displayed', messageId: 'a', dateTime },
      { kind: 'display', status: 'forbidden', messageId: 'a', dateTime },
      { kind: 'processing', status: 'stored', messageId: 'a', dateTime },
    ];
    for (const n of all) expect(parseImdnNotification(formatImdnNotification(n))).toEqual(n);
  });

  it('builds the CPIM notification message that goes back to the sender', () => {
    const message = imdnNotificationMessage({
      from: { uri: 'sip:bob@example.com' },
      to: { uri: 'sip:alice@example.com' },
      messageId: 'n-1',
      dateTime,
      notification: { kind: 'display', status: 'displayed', messageId: 'm-1', dateTime },
    });
    const parsed = parseCpim(formatCpim(message));
    expect(parsed.contentType).toBe(IMDN_CONTENT_TYPE);
    expect(parsed.contentHeaders).toEqual([{ name: 'Content-Disposition', value: 'notification' }]);
    expect(parsed.headers).toEqual([{ namespace: IMDN_NAMESPACE, prefix: 'imdn', name: 'Message-ID', value: 'n-1' }]);
    expect(parseImdnNotification(parsed.body)).toMatchObject({ kind: 'display', status: 'displayed', messageId: 'm-1' });
  });

  it('refuses documents that break the schema', () => {
    const wrap = (inner: string, ns = 'urn:ietf:params:xml:ns:imdn') => `<imdn xmlns="${ns}">${inner}</imdn>`;
    const ok = '<message-id>a</message-id><datetime>2008-04-04T12:16:49Z</datetime>';
    const bad = [
      wrap(`${ok}<delivery-notification><status><delivered/></status></delivery-notification>`, 'urn:other'),
      wrap('<datetime>2008-04-04T12:16:49Z</datetime><display-notification><status><displayed/></status></display-notification>'),
      wrap('<message-id>a</message-id><display-notification><status><displayed/></status></display-notification>'),
      wrap(`${ok}`),
      wrap(`${ok}<display-notification><status><delivered/></status></display-notification>`),
      wrap(`${ok}<display-notification><status><displayed/><forbidden/></status></display-notification>`),
      wrap(`${ok}<display-notification><status><displayed/></status></display-notification><delivery-notification><status><delivered/></status></delivery-notification>`),
      wrap('<message-id>a</message-id><datetime>soon</datetime><display-notification><status><displayed/></status></display-notification>'),
    ];
    for (const xml of bad) expect(() => parseImdnNotification(xml), xml).toThrow(expect.objectContaining({ code: 'chat-format-malformed', status: 400 }));
    expect(() => formatImdnNotification({ kind: 'display', status: 'delivered', messageId: 'a', dateTime } as unknown as ImdnNotification)).toThrow(
      expect.objectContaining({ code: 'chat-format-unencodable' }),
    );
  });

  it('refuses an IMDN document with an external entity', () => {
    const xxe = '<!DOCTYPE imdn [<!ENTITY x SYSTEM "file:///etc/passwd">]><imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>&x;</message-id></imdn>';
    expect(() => parseImdnNotification(xxe)).toThrow(expect.objectContaining({ code: 'chat-format-forbidden-xml' }));
  });
});
