/**
 * A hand-written JSON (RFC 8259) parser that keeps positions and recovers from errors.
 *
 * Speed matters (Avro validation of a 10,000-field schema has a budget of 10x `JSON.parse`), so:
 * one pass over `charCodeAt`, no regular expressions, strings sliced straight from the text unless
 * they hold an escape, a fast path for integers, node objects always built by the same literal per
 * type (monomorphic shapes), and recursion bounded by MAX_DEPTH.
 *
 * Recovery follows jsonc-parser's spirit, because editor features run on half-typed text: every
 * problem is recorded as an error and parsing continues. A missing comma is tolerated, a missing
 * value leaves `value: undefined` on its property, an unterminated string ends at the end of its
 * line, unclosed containers end at the end of the text, and unexpected tokens are skipped.
 */
import type {
  JsonArrayNode,
  JsonBooleanNode,
  JsonNullNode,
  JsonNumberNode,
  JsonObjectNode,
  JsonParseResult,
  JsonPropertyNode,
  JsonStringNode,
  JsonSyntaxError,
  JsonValueNode,
} from './jsonTree';

/** Containers nested deeper than this are skipped with an error, so that neither this parser nor recursive consumers overflow the stack. */
export const MAX_DEPTH = 1000;
/** Binary garbage could otherwise give one error per few bytes; nobody reads past the first thousand. */
const MAX_ERRORS = 1000;

const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LF = 0x0a;
const CR = 0x0d;

/** 1 for characters that end an unquoted token: JSON whitespace and structural characters. */
const DELIMITER = new Uint8Array(128);
for (const c of ' \t\n\r{}[],:"') DELIMITER[c.charCodeAt(0)] = 1;

/** 1 for characters that may appear in a (possibly malformed) number token. */
const NUMBER_CHAR = new Uint8Array(128);
for (const c of '0123456789+-.eE') NUMBER_CHAR[c.charCodeAt(0)] = 1;

/** Parses `text` as strict JSON into a positioned tree. Never throws; problems are in `errors`. */
export function parseJson(text: string): JsonParseResult {
  return new Parser(text).parse();
}

class Parser {
  private pos = 0;
  private readonly len: number;
  private readonly errors: JsonSyntaxError[] = [];
  /** How many objects and arrays enclose the current position, to decide what a wrong closer means. */
  private openObjects = 0;
  private openArrays = 0;
  /**
   * Children of the open containers, collected here and copied into exactly-sized arrays when a
   * container ends: a growing array would allocate room for 17 children, and most containers hold
   * few, so this saves memory and with it garbage-collection time (which dominates on large files).
   */
  private readonly propertyStack: JsonPropertyNode[] = [];
  private propertyTop = 0;
  private readonly itemStack: JsonValueNode[] = [];
  private itemTop = 0;

  constructor(private readonly text: string) {
    this.len = text.length;
  }

  parse(): JsonParseResult {
    const text = this.text;
    const len = this.len;
    if (len > 0 && text.charCodeAt(0) === 0xfeff) this.pos = 1;
    let pos = skipWhitespace(text, this.pos, len);
    if (pos >= len) {
      this.error(pos, 0, 'Expected a JSON value');
      return { root: undefined, errors: this.errors };
    }
    let root: JsonValueNode | undefined;
    // Skip leading garbage (such as a comment) until a value parses.
    while (root === undefined && pos < len) {
      this.pos = pos;
      root = this.value(0);
      pos = skipWhitespace(text, this.pos, len);
    }
    if (pos < len) this.error(pos, len - pos, 'Unexpected text after the JSON value');
    // Errors inside a string are found before the string's own "Unterminated string" at its start.
    if (this.errors.length > 1) this.errors.sort((a, b) => a.offset - b.offset);
    return { root, errors: this.errors };
  }

  private error(offset: number, length: number, message: string): void {
    const errors = this.errors;
    const count = errors.length;
    // One error per offset: the first explanation is the useful one.
    if (count > 0 && errors[count - 1].offset === offset) return;
    if (count < MAX_ERRORS) errors.push({ offset, length, message });
    else if (count === MAX_ERRORS) errors.push({ offset, length: 0, message: 'Too many syntax errors; the rest are not reported' });
  }

  private endOfText(): void {
    this.error(this.len, 0, 'Unexpected end of text');
  }

  /** Parses the value at `this.pos`, which is neither whitespace nor the end of the text. */
  private value(depth: number): JsonValueNode | undefined {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (c === QUOTE) return this.string(start, QUOTE);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth >= MAX_DEPTH) {
        this.error(start, 1, `Nesting is too deep (more than ${MAX_DEPTH} levels)`);
        this.pos = skipNested(text, start, this.len);
        return undefined;
      }
      return c === OPEN_BRACE ? this.object(start, depth + 1) : this.array(start, depth + 1);
    }
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.number(start);
    if (c === 0x74 /* t */ && this.literalAt(start, 'true')) return booleanNode(start, 4, true);
    if (c === 0x66 /* f */ && this.literalAt(start, 'false')) return booleanNode(start, 5, false);
    if (c === 0x6e /* n */ && this.literalAt(start, 'null')) return nullNode(start);
    if (c === APOSTROPHE) {
      const node = this.string(start, APOSTROPHE);
      this.error(start, node.length, 'Strings must be double-quoted');
      return node;
    }
    const end = skipToken(text, start, this.len);
    this.error(start, end - start, 'Expected a value');
    this.pos = end;
    return undefined;
  }

  /** True when `word` is at `start` as a whole token; then moves past it. */
  private literalAt(start: number, word: string): boolean {
    const text = this.text;
    const end = start + word.length;
    if (end > this.len) return false;
    for (let i = 1; i < word.length; i++) if (text.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
    if (end < this.len) {
      const next = text.charCodeAt(end);
      if (next < 128 && DELIMITER[next] === 0) return false;
    }
    this.pos = end;
    return true;
  }

  private object(start: number, depth: number): JsonObjectNode {
    const text = this.text;
    const len = this.len;
    const base = this.propertyTop;
    let pos = start + 1;
    let end = -1; // set when the object ends before the end of the text
    let expectKey = true;
    let lastComma = -1; // offset of a comma not yet followed by a property, for "Trailing comma"
    let quietComma = false; // after a missing colon, the missing comma is the same mistake
    this.openObjects++;
    for (;;) {
      pos = skipWhitespace(text, pos, len);
      if (pos >= len) {
        this.endOfText();
        break;
      }
      let c = text.charCodeAt(pos);
      if (c === CLOSE_BRACE) {
        if (lastComma >= 0) this.error(lastComma, 1, 'Trailing comma');
        end = pos + 1;
        pos++;
        break;
      }
      if (!expectKey) {
        if (c === COMMA) {
          lastComma = pos;
          expectKey = true;
          pos++;
          continue;
        }
        if (c === CLOSE_BRACKET && this.openArrays > 0) {
          // `{"a": 1]`: the object ends here and the enclosing array takes the bracket.
          this.error(pos, 1, 'Expected a comma or closing brace');
          end = pos;
          break;
        }
        if (!quietComma) this.error(pos, 1, 'Expected a comma or closing brace');
        expectKey = true;
      }
      if (c === COMMA) {
        this.error(pos, 1, 'Expected a property name');
        lastComma = pos;
        pos++;
        continue;
      }
      if (c === CLOSE_BRACKET) {
        this.error(pos, 1, 'Expected a property name or closing brace');
        if (this.openArrays > 0) {
          end = pos;
          break;
        }
        pos++;
        continue;
      }
      lastComma = -1;
      let key: JsonStringNode;
      if (c === QUOTE) {
        this.pos = pos;
        key = this.string(pos, QUOTE);
      } else if (c === APOSTROPHE) {
        this.pos = pos;
        key = this.string(pos, APOSTROPHE);
        this.error(pos, key.length, 'Property keys must be double-quoted');
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET || c === COLON) {
        // Not a key: skip it (a whole nested value if it is one) and look for the next property.
        this.error(pos, 1, 'Expected a property name');
        if (c === COLON) pos++;
        else {
          this.pos = pos;
          this.value(depth);
          pos = this.pos;
        }
        expectKey = false;
        quietComma = true;
        continue;
      } else {
        // An unquoted key such as `{name: "a"}`: keep it as the key so that editor features still work.
        const keyEnd = skipToken(text, pos, len);
        this.error(pos, keyEnd - pos, 'Property keys must be double-quoted');
        key = stringNode(pos, keyEnd - pos, text.slice(pos, keyEnd));
        this.pos = keyEnd;
      }
      pos = skipWhitespace(text, this.pos, len);
      let colonOffset = -1;
      let value: JsonValueNode | undefined;
      if (pos >= len) {
        this.endOfText();
      } else if (text.charCodeAt(pos) === COLON) {
        colonOffset = pos;
        pos = skipWhitespace(text, pos + 1, len);
        if (pos >= len) {
          this.endOfText();
        } else {
          c = text.charCodeAt(pos);
          if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) {
            this.error(pos, 1, 'Expected a value');
          } else {
            this.pos = pos;
            value = this.value(depth);
            pos = this.pos;
          }
        }
      } else {
        this.error(pos, 1, 'Expected a colon after the property name');
        // `{"a" 1}` still gets its value; a string followed by a colon is the next property's key instead.
        c = text.charCodeAt(pos);
        if (
          c !== COMMA &&
          c !== CLOSE_BRACE &&
          c !== CLOSE_BRACKET &&
          c !== COLON &&
          !(c === QUOTE && stringFollowedByColon(text, pos, len))
        ) {
          this.pos = pos;
          value = this.value(depth);
          pos = this.pos;
        }
      }
      quietComma = colonOffset < 0 && value === undefined;
      const propertyEnd = value !== undefined ? value.offset + value.length : colonOffset >= 0 ? colonOffset + 1 : key.offset + key.length;
      this.propertyStack[this.propertyTop++] = propertyNode(key, propertyEnd - key.offset, colonOffset, value);
      expectKey = false;
    }
    this.openObjects--;
    this.pos = pos;
    const properties = this.propertyStack.slice(base, this.propertyTop);
    this.propertyTop = base;
    return objectNode(start, (end < 0 ? len : end) - start, properties);
  }

  private array(start: number, depth: number): JsonArrayNode {
    const text = this.text;
    const len = this.len;
    const base = this.itemTop;
    let pos = start + 1;
    let end = -1;
    let expectItem = true;
    let lastComma = -1;
    this.openArrays++;
    for (;;) {
      pos = skipWhitespace(text, pos, len);
      if (pos >= len) {
        this.endOfText();
        break;
      }
      const c = text.charCodeAt(pos);
      if (c === CLOSE_BRACKET) {
        if (lastComma >= 0) this.error(lastComma, 1, 'Trailing comma');
        end = pos + 1;
        pos++;
        break;
      }
      if (!expectItem) {
        if (c === COMMA) {
          lastComma = pos;
          expectItem = true;
          pos++;
          continue;
        }
        if (c === CLOSE_BRACE && this.openObjects > 0) {
          this.error(pos, 1, 'Expected a comma or closing bracket');
          end = pos;
          break;
        }
        this.error(pos, 1, 'Expected a comma or closing bracket');
        expectItem = true;
      }
      if (c === COMMA) {
        this.error(pos, 1, 'Expected a value');
        lastComma = pos;
        pos++;
        continue;
      }
      if (c === CLOSE_BRACE) {
        this.error(pos, 1, 'Expected a value or closing bracket');
        if (this.openObjects > 0) {
          end = pos;
          break;
        }
        pos++;
        continue;
      }
      lastComma = -1;
      this.pos = pos;
      const item = this.value(depth);
      if (item !== undefined) this.itemStack[this.itemTop++] = item;
      pos = this.pos;
      expectItem = false;
    }
    this.openArrays--;
    this.pos = pos;
    const items = this.itemStack.slice(base, this.itemTop);
    this.itemTop = base;
    return arrayNode(start, (end < 0 ? len : end) - start, items);
  }

  /** A string from its opening quote at `start`; `quote` is `"` or, for error recovery, `'`. */
  private string(start: number, quote: number): JsonStringNode {
    const text = this.text;
    const len = this.len;
    let pos = start + 1;
    while (pos < len) {
      const c = text.charCodeAt(pos);
      if (c === quote) {
        this.pos = pos + 1;
        return stringNode(start, pos + 1 - start, text.slice(start + 1, pos));
      }
      if (c === BACKSLASH || c < 0x20) return this.escapedString(start, pos, quote);
      pos++;
    }
    this.error(start, pos - start, 'Unterminated string');
    this.pos = pos;
    return stringNode(start, pos - start, text.slice(start + 1, pos));
  }

  /** The slow path of `string`, from the first backslash or control character at `pos`. */
  private escapedString(start: number, pos: number, quote: number): JsonStringNode {
    const text = this.text;
    const len = this.len;
    let value = text.slice(start + 1, pos);
    let segment = pos; // start of the characters not yet appended to `value`
    while (pos < len) {
      const c = text.charCodeAt(pos);
      if (c === quote) {
        this.pos = pos + 1;
        return stringNode(start, pos + 1 - start, value + text.slice(segment, pos));
      }
      if (c === BACKSLASH) {
        value += text.slice(segment, pos);
        if (pos + 1 >= len) {
          pos++;
          segment = pos;
          break;
        }
        const e = text.charCodeAt(pos + 1);
        let width = 2;
        switch (e) {
          case QUOTE:
            value += '"';
            break;
          case BACKSLASH:
            value += '\\';
            break;
          case 0x2f:
            value += '/';
            break;
          case 0x62:
            value += '\b';
            break;
          case 0x66:
            value += '\f';
            break;
          case 0x6e:
            value += '\n';
            break;
          case 0x72:
            value += '\r';
            break;
          case 0x74:
            value += '\t';
            break;
          case 0x75: {
            let code = 0;
            let digits = 0;
            while (digits < 4 && pos + 2 + digits < len) {
              const h = hexValue(text.charCodeAt(pos + 2 + digits));
              if (h < 0) break;
              code = code * 16 + h;
              digits++;
            }
            width = 2 + digits;
            // Surrogate halves are appended one by one; a pair recombines in the string, a lone half stays, as in JSON.parse.
            if (digits === 4) value += String.fromCharCode(code);
            else this.error(pos, width, 'Invalid Unicode escape: expected four hexadecimal digits');
            break;
          }
          default:
            if (e === LF || e === CR) {
              // A backslash at the end of a line: the string ends there, unterminated.
              this.error(pos, 1, 'Invalid escape character in string');
              width = 1;
            } else if (e === APOSTROPHE && quote === APOSTROPHE) {
              value += "'";
            } else {
              this.error(pos, 2, 'Invalid escape character in string');
              value += text[pos + 1];
            }
        }
        pos += width;
        segment = pos;
        continue;
      }
      if (c < 0x20) {
        if (c === LF || c === CR) break; // unterminated: the string ends at the end of its line
        this.error(pos, 1, 'Control characters must be escaped in strings');
      }
      pos++;
    }
    this.error(start, pos - start, 'Unterminated string');
    this.pos = pos;
    return stringNode(start, pos - start, value + text.slice(segment, pos));
  }

  private number(start: number): JsonNumberNode | undefined {
    const text = this.text;
    const len = this.len;
    let pos = start;
    let c = text.charCodeAt(pos);
    const negative = c === MINUS;
    if (negative) c = ++pos < len ? text.charCodeAt(pos) : -1;
    const digitsStart = pos;
    let integer = 0;
    let valid = true;
    if (c === ZERO) {
      c = ++pos < len ? text.charCodeAt(pos) : -1;
    } else if (c > ZERO && c <= NINE) {
      do {
        integer = integer * 10 + (c - ZERO);
        c = ++pos < len ? text.charCodeAt(pos) : -1;
      } while (c >= ZERO && c <= NINE);
    } else {
      valid = false;
    }
    const digitsEnd = pos;
    let isInteger = true;
    if (valid && c === DOT) {
      isInteger = false;
      c = ++pos < len ? text.charCodeAt(pos) : -1;
      if (c >= ZERO && c <= NINE) {
        do c = ++pos < len ? text.charCodeAt(pos) : -1;
        while (c >= ZERO && c <= NINE);
      } else valid = false;
    }
    if (valid && (c === 0x65 || c === 0x45) /* e E */) {
      isInteger = false;
      c = ++pos < len ? text.charCodeAt(pos) : -1;
      if (c === PLUS || c === MINUS) c = ++pos < len ? text.charCodeAt(pos) : -1;
      if (c >= ZERO && c <= NINE) {
        do c = ++pos < len ? text.charCodeAt(pos) : -1;
        while (c >= ZERO && c <= NINE);
      } else valid = false;
    }
    if (valid && (c < 0 || (c < 128 && DELIMITER[c] === 1))) {
      this.pos = pos;
      // Up to 15 digits the accumulated integer is exact; beyond that, Number rounds as JSON.parse does.
      const value = isInteger && digitsEnd - digitsStart <= 15 ? (negative ? -integer : integer) : Number(text.slice(start, pos));
      return numberNode(start, pos - start, value, isInteger);
    }
    // Malformed (`01`, `1.`, `-`, `1e`, `-Infinity`, `12ab`): take the whole token, keep a value when there is one.
    let end = pos;
    let numeric = true;
    while (end < len) {
      const d = text.charCodeAt(end);
      if (d < 128 && DELIMITER[d] === 1) break;
      if (d >= 128 || NUMBER_CHAR[d] === 0) numeric = false;
      end++;
    }
    this.error(start, end - start, 'Invalid number');
    this.pos = end;
    const value = numeric ? Number(text.slice(start, end)) : NaN;
    if (Number.isNaN(value)) return undefined;
    return numberNode(start, end - start, value, Number.isInteger(value) && !/[.eE]/.test(text.slice(start, end)));
  }
}

function skipWhitespace(text: string, pos: number, len: number): number {
  while (pos < len) {
    const c = text.charCodeAt(pos);
    if (c === 0x20 || c === LF || c === CR || c === 0x09) pos++;
    else break;
  }
  return pos;
}

/** Whether the string starting at `pos` is followed by a colon, that is, whether it is a property key. */
function stringFollowedByColon(text: string, pos: number, len: number): boolean {
  pos++;
  while (pos < len) {
    const c = text.charCodeAt(pos);
    if (c === QUOTE) break;
    if (c === LF || c === CR) return false;
    pos += c === BACKSLASH ? 2 : 1;
  }
  pos = skipWhitespace(text, pos + 1, len);
  return pos < len && text.charCodeAt(pos) === COLON;
}

/** The end of an unexpected token at `pos`: a run up to the next delimiter, and always at least one character. */
function skipToken(text: string, pos: number, len: number): number {
  let end = pos + 1;
  const first = text.charCodeAt(pos);
  if (first < 128 && DELIMITER[first] === 1) return end;
  while (end < len) {
    const c = text.charCodeAt(end);
    if (c < 128 && DELIMITER[c] === 1) break;
    end++;
  }
  return end;
}

/** The end of the balanced brackets opening at `start` (or the end of the text), skipping strings; iterative, for any depth. */
function skipNested(text: string, start: number, len: number): number {
  let depth = 0;
  let pos = start;
  while (pos < len) {
    const c = text.charCodeAt(pos);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return pos + 1;
    } else if (c === QUOTE) {
      pos++;
      while (pos < len) {
        const s = text.charCodeAt(pos);
        if (s === QUOTE || s === LF || s === CR) break;
        pos += s === BACKSLASH ? 2 : 1;
      }
      if (pos < len && text.charCodeAt(pos) !== QUOTE) continue; // unterminated: the line break is not part of it
    }
    pos++;
  }
  return len;
}

function hexValue(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  if (c >= 0x61 && c <= 0x66) return c - 0x57; // a-f
  if (c >= 0x41 && c <= 0x46) return c - 0x37; // A-F
  return -1;
}

// One factory per node type, so that every node of a type has the same hidden class.
function objectNode(offset: number, length: number, properties: JsonPropertyNode[]): JsonObjectNode {
  return { type: 'object', offset, length, properties };
}
function propertyNode(key: JsonStringNode, length: number, colonOffset: number, value: JsonValueNode | undefined): JsonPropertyNode {
  return { type: 'property', offset: key.offset, length, key, colonOffset, value };
}
function arrayNode(offset: number, length: number, items: JsonValueNode[]): JsonArrayNode {
  return { type: 'array', offset, length, items };
}
function stringNode(offset: number, length: number, value: string): JsonStringNode {
  return { type: 'string', offset, length, value };
}
function numberNode(offset: number, length: number, value: number, isInteger: boolean): JsonNumberNode {
  return { type: 'number', offset, length, value, isInteger };
}
function booleanNode(offset: number, length: number, value: boolean): JsonBooleanNode {
  return { type: 'boolean', offset, length, value };
}
function nullNode(offset: number): JsonNullNode {
  return { type: 'null', offset, length: 4, value: null };
}
