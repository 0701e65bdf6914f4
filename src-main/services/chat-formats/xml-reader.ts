import { ChatFormatError, malformed } from './chat-format-error';

/**
 * A small, strict XML 1.0 reader for the two schemas chat needs (IMDN, RFC 5438 §7; is-composing, RFC 3994 §6):
 * elements, attributes, namespaces, text, CDATA, comments and processing instructions. It refuses a DOCTYPE and
 * every entity reference but the five predefined ones and character references, so no external entity (XXE)
 * and no entity expansion ("billion laughs") can ever happen. Input is UTF-8 only.
 */

export interface XmlElement {
  /** Namespace URI ('' for none). */
  readonly ns: string;
  readonly name: string;
  /** Attributes by local name; namespaced attributes (other than xmlns) as `{ns}name`. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** Character data directly inside this element, concatenated. */
  readonly text: string;
}

export interface XmlLimits {
  readonly maxBytes?: number;
  readonly maxDepth?: number;
  readonly maxElements?: number;
  readonly maxAttributes?: number;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const NAME = /[A-Za-z_:\u00C0-\uFFFF][-.0-9A-Za-z_:\u00B7\u00C0-\uFFFF]*/y;
// XML 1.0 §2.2 Char excludes these (and lone surrogates, which the fatal UTF-8 decoder already refuses).
const ILLEGAL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface MutableElement {
  ns: string;
  name: string;
  attributes: Map<string, string>;
  children: MutableElement[];
  text: string;
  scope: ReadonlyMap<string, string>;
}

export function parseXml(input: Uint8Array | string, limits: XmlLimits = {}): XmlElement {
  const maxBytes = limits.maxBytes ?? 64 * 1024;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > maxBytes) throw new ChatFormatError('chat-format-limit-exceeded', `XML document larger than ${maxBytes} bytes`);
  let text: string;
  try {
    text = typeof input === 'string' ? input : utf8.decode(input);
  } catch (cause) {
    throw malformed('XML document is not UTF-8', cause);
  }
  return new XmlScanner(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), limits).document();
}

class XmlScanner {
  #pos = 0;
  #elements = 0;
  readonly #maxDepth: number;
  readonly #maxElements: number;
  readonly #maxAttributes: number;

  constructor(
    private readonly src: string,
    limits: XmlLimits,
  ) {
    this.#maxDepth = limits.maxDepth ?? 32;
    this.#maxElements = limits.maxElements ?? 1024;
    this.#maxAttributes = limits.maxAttributes ?? 32;
    if (ILLEGAL_CHAR.test(src)) throw malformed('XML document contains a character XML does not allow');
  }

  document(): XmlElement {
    if (/^<\?xml[\s?]/.test(this.src)) this.#declaration();
    this.#misc();
    if (this.src[this.#pos] !== '<') throw malformed('XML document without a root element');
    const root = this.#element(new Map([['', ''], ['xml', XML_NS]]), 1);
    this.#misc();
    if (this.#pos !== this.src.length) throw malformed('content after the XML root element');
    return root;
  }

  /** XML 1.0 §2.8 XMLDecl; only UTF-8 is accepted (RFC 5438 and RFC 3994 documents are UTF-8). */
  #declaration(): void {
    const end = this.src.indexOf('?>');
    if (end < 0) throw malformed('unterminated XML declaration');
    const decl = this.src.slice(5, end);
    const encoding = /\sencoding\s*=\s*["']([^"']*)["']/.exec(decl)?.[1];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) throw new ChatFormatError('chat-format-unsupported', `XML encoding ${encoding} is not supported`);
    this.#pos = end + 2;
  }

  /** Whitespace, comments and processing instructions around the root; a DOCTYPE is refused. */
  #misc(): void {
    for (;;) {
      this.#skipSpace();
      if (this.src.startsWith('<!--', this.#pos)) this.#comment();
      else if (this.src.startsWith('<?', this.#pos)) this.#processingInstruction();
      else if (this.src.startsWith('<!', this.#pos)) throw forbidden('DOCTYPE and markup declarations are not accepted');
      else return;
    }
  }

  #element(parentScope: ReadonlyMap<string, string>, depth: number): XmlElement {
    if (depth > this.#maxDepth) throw new ChatFormatError('chat-format-limit-exceeded', `XML nested deeper than ${this.#maxDepth}`);
    if ((this.#elements += 1) > this.#maxElements) throw new ChatFormatError('chat-format-limit-exceeded', `more than ${this.#maxElements} XML elements`);
    this.#pos += 1; // '<'
    const qname = this.#name();
    const rawAttributes: [string, string][] = [];
    for (;;) {
      const spaced = this.#skipSpace();
      const c = this.src[this.#pos];
      if (c === '>' || c === '/') break;
      if (!spaced) throw malformed(`expected whitespace before an attribute of <${qname}>`);
      const attrName = this.#name();
      this.#skipSpace();
      this.#expect('=');
      this.#skipSpace();
      if (rawAttributes.some(([n]) => n === attrName)) throw malformed(`duplicate attribute ${attrName} on <${qname}>`);
      rawAttributes.push([attrName, this.#attributeValue()]);
      if (rawAttributes.length > this.#maxAttributes) throw new ChatFormatError('chat-format-limit-exceeded', `too many attributes on <${qname}>`);
    }
    const scope = new Map(parentScope);
    for (const [n, v] of rawAttributes) {
      if (n === 'xmlns') scope.set('', v);
      else if (n.startsWith('xmlns:')) {
        if (v === '') throw malformed(`empty namespace for prefix ${n.slice(6)}`);
        scope.set(n.slice(6), v);
      }
    }
    const [prefix, local] = splitQName(qname);
    const ns = scope.get(prefix);
    if (ns === undefined) throw malformed(`undeclared namespace prefix ${prefix}`);
    const element: MutableElement = { ns, name: local, attributes: new Map(), children: [], text: '', scope };
    for (const [n, v] of rawAttributes) {
      if (n === 'xmlns' || n.startsWith('xmlns:')) continue;
      const [ap, al] = splitQName(n);
      if (ap === '') element.attributes.set(al, v);
      else {
        const ans = scope.get(ap);
        if (ans === undefined) throw malformed(`undeclared namespace prefix ${ap}`);
        element.attributes.set(`{${ans}}${al}`, v);
      }
    }
    if (this.src.startsWith('/>', this.#pos)) {
      this.#pos += 2;
      return element;
    }
    this.#expect('>');
    this.#content(element, depth);
    this.#expect('</');
    if (this.#name() !== qname) throw malformed(`mismatched end tag for <${qname}>`);
    this.#skipSpace();
    this.#expect('>');
    return element;
  }

  #content(element: MutableElement, depth: number): void {
    for (;;) {
      const lt = this.src.indexOf('<', this.#pos);
      if (lt < 0) throw malformed(`unterminated element <${element.name}>`);
      if (lt > this.#pos) element.text += this.#characters(this.src.slice(this.#pos, lt));
      this.#pos = lt;
      if (this.src.startsWith('</', lt)) return;
      if (this.src.startsWith('<!--', lt)) this.#comment();
      else if (this.src.startsWith('<![CDATA[', lt)) {
        const end = this.src.indexOf(']]>', lt + 9);
        if (end < 0) throw malformed('unterminated CDATA section');
        element.text += this.src.slice(lt + 9, end);
        this.#pos = end + 3;
      } else if (this.src.startsWith('<?', lt)) this.#processingInstruction();
      else if (this.src.startsWith('<!', lt)) throw forbidden('markup declarations are not accepted');
      else element.children.push(this.#element(element.scope, depth + 1) as MutableElement);
    }
  }

  /** Character data with references resolved (XML 1.0 §4.1, §4.6); `]]>` is not allowed in it (§2.4). */
  #characters(raw: string): string {
    if (raw.includes(']]>')) throw malformed("']]>' in XML character data");
    return resolveReferences(raw);
  }

  #attributeValue(): string {
    const quote = this.src[this.#pos];
    if (quote !== '"' && quote !== "'") throw malformed('attribute value without quotes');
    const end = this.src.indexOf(quote, this.#pos + 1);
    if (end < 0) throw malformed('unterminated attribute value');
    const raw = this.src.slice(this.#pos + 1, end);
    if (raw.includes('<')) throw malformed("'<' in an attribute value");
    this.#pos = end + 1;
    // §3.3.3 attribute-value normalization: literal whitespace becomes a space (references keep theirs).
    return resolveReferences(raw.replace(/[\t\n]/g, ' '));
  }

  #comment(): void {
    const end = this.src.indexOf('-->', this.#pos + 4);
    if (end < 0) throw malformed('unterminated XML comment');
    this.#pos = end + 3;
  }

  #processingInstruction(): void {
    const end = this.src.indexOf('?>', this.#pos + 2);
    if (end < 0) throw malformed('unterminated processing instruction');
    if (/^<\?xml[\s?]/i.test(this.src.slice(this.#pos, this.#pos + 6))) throw malformed('XML declaration not at the start of the document');
    this.#pos = end + 2;
  }

  #name(): string {
    NAME.lastIndex = this.#pos;
    const m = NAME.exec(this.src);
    if (m === null) throw malformed(`expected an XML name at offset ${this.#pos}`);
    this.#pos += m[0].length;
    return m[0];
  }

  #skipSpace(): boolean {
    const start = this.#pos;
    while (this.#pos < this.src.length && ' \t\n'.includes(this.src[this.#pos] as string)) this.#pos += 1;
    return this.#pos > start;
  }

  #expect(token: string): void {
    if (!this.src.startsWith(token, this.#pos)) throw malformed(`expected '${token}' at offset ${this.#pos}`);
    this.#pos += token.length;
  }
}

function resolveReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (match, ref: string) => {
    if (!match.endsWith(';')) throw malformed("'&' not starting a reference");
    if (ref.startsWith('#')) {
      const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? Number.parseInt(ref.slice(2), 16) : /^#[0-9]{1,7}$/.test(ref) ? Number(ref.slice(1)) : -1;
      if (!isXmlChar(code)) throw malformed(`bad character reference &${ref};`);
      return String.fromCodePoint(code);
    }
    if (ref === '') throw malformed('empty entity reference');
    const value = PREDEFINED[ref];
    // No DTD is ever read, so any other entity is undeclared (XML 1.0 §4.1 WFC: Entity Declared).
    if (value === undefined) throw forbidden(`entity reference &${ref}; is not accepted`);
    return value;
  });
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function splitQName(qname: string): [string, string] {
  const colon = qname.indexOf(':');
  if (colon < 0) return ['', qname];
  const prefix = qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  if (prefix === '' || local === '' || local.includes(':')) throw malformed(`bad qualified name ${qname}`);
  return [prefix, local];
}

function forbidden(message: string): ChatFormatError {
  return new ChatFormatError('chat-format-forbidden-xml', message);
}

/** The first child element named `name` in namespace `ns`. */
export function childElement(parent: XmlElement, ns: string, name: string): XmlElement | undefined {
  return parent.children.find((c) => c.ns === ns && c.name === name);
}
