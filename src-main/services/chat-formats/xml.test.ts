import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml } from './xml-reader';
import { escapeXmlAttribute, escapeXmlText, writeXml } from './xml-writer';

describe('XML reader', () => {
  it('resolves namespaces, prefixes, attributes, references, CDATA and skips comments and PIs', () => {
    const root = parseXml(
      `\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<!-- c --><?pi x?><a:r xmlns:a="urn:a" xmlns="urn:d" id='1' a:x="&lt;&#65;&#x42;&quot;"><c>t &amp; <![CDATA[<raw>&amp;]]></c><a:e/><!-- in --></a:r>\n`,
    );
    expect([root.ns, root.name]).toEqual(['urn:a', 'r']);
    expect(root.attributes.get('id')).toBe('1');
    expect(root.attributes.get('{urn:a}x')).toBe('<AB"');
    expect(root.children.map((c) => [c.ns, c.name])).toEqual([
      ['urn:d', 'c'],
      ['urn:a', 'e'],
    ]);
    expect(root.children[0]?.text).toBe('t & <raw>&amp;');
  });

  it('refuses a DOCTYPE and every non-predefined entity: no XXE, no entity expansion', () => {
    const attacks = [
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
      '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><r>&b;</r>',
      '<r>&nbsp;</r>',
      '<r a="&ext;"/>',
      '<r><!ENTITY x "y"></r>',
    ];
    for (const xml of attacks) expect(() => parseXml(xml), xml).toThrow(expect.objectContaining({ code: 'chat-format-forbidden-xml', status: 400 }));
  });

  it('refuses malformed documents', () => {
    const bad = [
      '',
      'text',
      '<r>',
      '<r></s>',
      '<r><a></r></a>',
      '<r/><r/>',
      '<r/>trailing',
      '<p:r/>',
      '<r a="1" a="2"/>',
      '<r a=1/>',
      '<r a="<"/>',
      '<r>a & b</r>',
      '<r>&#0;</r>',
      '<r>&#xD800;</r>',
      '<r>]]></r>',
      '<r>\u0001</r>',
      '<r><![CDATA[x</r>',
      '<r><!-- x</r>',
      '<r a="1"b="2"/>',
      '<r><?xml version="1.0"?></r>',
    ];
    for (const xml of bad) expect(() => parseXml(xml), xml).toThrow(expect.objectContaining({ code: 'chat-format-malformed' }));
    expect(() => parseXml(Buffer.from([0x3c, 0x72, 0x3e, 0xff, 0x3c, 0x2f, 0x72, 0x3e]))).toThrow(expect.objectContaining({ code: 'chat-format-malformed' }));
  });

  it('refuses encodings other than UTF-8 with a 415-mapped error', () => {
    expect(() => parseXml('<?xml version="1.0" encoding="ISO-8859-1"?><r/>')).toThrow(expect.objectContaining({ code: 'chat-format-unsupported', status: 415 }));
  });

  it('enforces size, depth, element and attribute limits', () => {
    expect(() => parseXml(`<r>${'x'.repeat(70_000)}</r>`)).toThrow(expect.objectContaining({ code: 'chat-format-limit-exceeded' }));
    expect(() => parseXml(`${'<a>'.repeat(40)}${'</a>'.repeat(40)}`)).toThrow(expect.objectContaining({ code: 'chat-format-limit-exceeded' }));
    expect(() => parseXml(`<r>${'<a/>'.repeat(2000)}</r>`)).toThrow(expect.objectContaining({ code: 'chat-format-limit-exceeded' }));
    expect(() => parseXml(`<r ${Array.from({ length: 40 }, (_, i) => `a${i}="1"`).join(' ')}/>`)).toThrow(expect.objectContaining({ code: 'chat-format-limit-exceeded' }));
    expect(parseXml(`${'<a>'.repeat(10)}${'</a>'.repeat(10)}`, { maxDepth: 10 }).name).toBe('a');
  });
});

describe('XML writer', () => {
  it('escapes text and attributes so the reader gets the same values back', () => {
    const value = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(s));
    fc.assert(
      fc.property(value, value, (text, attr) => {
        const root = parseXml(writeXml({ name: 'r', attributes: { xmlns: 'urn:t', a: attr }, children: [{ name: 'c', children: [text] }] }));
        expect(root.attributes.get('a')).toBe(attr);
        expect(root.children[0]?.text).toBe(text);
      }),
      { numRuns: 500 },
    );
    expect(escapeXmlText(']]> & <')).toBe(']]&gt; &amp; &lt;');
    expect(escapeXmlAttribute('"\n')).toBe('&#34;&#10;');
  });

  it('refuses characters and names XML cannot carry', () => {
    expect(() => writeXml({ name: 'r', children: ['\u0000'] })).toThrow(expect.objectContaining({ code: 'chat-format-unencodable' }));
    expect(() => writeXml({ name: 'r', children: ['\ud800'] })).toThrow(expect.objectContaining({ code: 'chat-format-unencodable' }));
    expect(() => writeXml({ name: 'r r' })).toThrow(expect.objectContaining({ code: 'chat-format-unencodable' }));
    expect(() => writeXml({ name: 'r', attributes: { 'a"': 'x' } })).toThrow(expect.objectContaining({ code: 'chat-format-unencodable' }));
  });
});
