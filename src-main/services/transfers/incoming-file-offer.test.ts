import { describe, expect, it } from 'vitest';
import { readIncomingFileOffer } from './incoming-file-offer';

function offer(media: string): string {
  return ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', media, ''].join('\r\n');
}

const PUSH = [
  'm=message 7654 TCP/MSRP *',
  'a=path:msrp://127.0.0.1:7654/abc123;tcp',
  'a=accept-types:*',
  'a=sendonly',
  'a=file-selector:name:"..%2F..%2F.ssh%2Fauthorized_keys" type:text/plain size:42 hash:sha-1:72:24:5F:E8:65:3D:DA:F3:71:EF:FA:2C:CD:F2:40:0A:70:33:1E:9E',
  'a=file-transfer-id:vBnG916bdberum2fFEABR4ZcH',
  'a=file-icon:cid:icon@example.com',
].join('\r\n');

describe('readIncomingFileOffer', () => {
  it('reads a pushed file: safe name, size, type, SHA-1, transfer id and the peer path as key', () => {
    const read = readIncomingFileOffer(offer(PUSH));
    expect(read).toMatchObject({
      name: 'authorized_keys',
      size: 42,
      mediaType: 'text/plain',
      sha1: '72:24:5F:E8:65:3D:DA:F3:71:EF:FA:2C:CD:F2:40:0A:70:33:1E:9E',
      transferId: 'vBnG916bdberum2fFEABR4ZcH',
      pathKey: 'msrp://127.0.0.1:7654/abc123;tcp',
    });
  });

  it('ignores pulls (recvonly), sendrecv file streams, chat and unreadable bodies', () => {
    expect(readIncomingFileOffer(offer(PUSH.replace('a=sendonly', 'a=recvonly')))).toBeUndefined();
    expect(readIncomingFileOffer(offer(PUSH.replace('a=sendonly', 'a=sendrecv')))).toBeUndefined();
    expect(readIncomingFileOffer(offer('m=message 7654 TCP/MSRP *\r\na=path:msrp://127.0.0.1:7654/abc;tcp\r\na=accept-types:text/plain'))).toBeUndefined();
    expect(readIncomingFileOffer('garbage')).toBeUndefined();
    expect(readIncomingFileOffer(undefined)).toBeUndefined();
  });
});
