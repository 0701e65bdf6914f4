import { ChatFormatError } from './chat-format-error';

/** An element to write; children are elements or text. */
export interface XmlNode {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly children?: readonly (XmlNode | string)[];
}

const NAME = /^[A-Za-z_][-.0-9A-Za-z_:]*$/;
// XML 1.0 §2.2: characters no XML document can carry, not even as references.
const UNWRITABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Writes a UTF-8 XML document with its declaration. Throws `chat-format-unencodable` for what XML cannot carry. */
export function writeXml(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeNode(root)}\n`;
}

function writeNode(node: XmlNode): string {
  if (!NAME.test(node.name)) throw new ChatFormatError('chat-format-unencodable', `not an XML name: ${JSON.stringify(node.name)}`);
  let out = `<${node.name}`;
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    if (!NAME.test(name)) throw new ChatFormatError('chat-format-unencodable', `not an XML name: ${JSON.stringify(name)}`);
    out += ` ${name}="${escapeXmlAttribute(value)}"`;
  }
  const children = node.children ?? [];
  if (children.length === 0) return `${out}/>`;
  out += '>';
  for (const child of children) out += typeof child === 'string' ? escapeXmlText(child) : writeNode(child);
  return `${out}</${node.name}>`;
}

export function escapeXmlText(value: string): string {
  checkWritable(value);
  // '>' too, so that ']]>' can never appear in character data (XML 1.0 §2.4); CR as a reference so it survives §2.11.
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

export function escapeXmlAttribute(value: string): string {
  checkWritable(value);
  // Whitespace as references survives attribute-value normalization (XML 1.0 §3.3.3).
  return value.replace(/[&<>"\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function checkWritable(value: string): void {
  if (UNWRITABLE.test(value)) throw new ChatFormatError('chat-format-unencodable', 'text contains a character XML cannot carry');
}
