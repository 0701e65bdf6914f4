import fc from 'fast-check';
import { MsrpUri } from '../msrp-uri';

const unreserved = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'.split('');
const token = fc.string({ unit: fc.constantFrom(...unreserved, '!', '*', '+', '%'), minLength: 1, maxLength: 8 });
/** Any valid MsrpUri. */
export const arbitraryUri = fc
  .record({
    scheme: fc.constantFrom('msrp' as const, 'msrps' as const),
    user: fc.option(fc.string({ unit: fc.constantFrom(...unreserved, ':', '!', '='), minLength: 1, maxLength: 8 }), { nil: undefined }),
    host: fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6()),
    port: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
    sessionId: fc.option(fc.string({ unit: fc.constantFrom(...unreserved, '+', '=', '/'), minLength: 1, maxLength: 24 }), { nil: undefined }),
    transport: fc.constantFrom('tcp', 'TCP', 'sctp'),
    parameters: fc.array(fc.record({ name: token, value: fc.option(token, { nil: undefined }) }), { maxLength: 3 }),
  })
  .map((init) => new MsrpUri(init));

