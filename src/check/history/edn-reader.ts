// A reader for the subset of EDN that Jepsen histories use: maps, vectors, lists,
// keywords, integers, strings, nil, true and false (commas are whitespace, `;` starts a
// comment). Rule: anything outside that subset is a RangeError naming the line and what
// was expected, never a guess.

export interface EdnKeyword {
  readonly kind: 'keyword';
  /** Without the colon: `:timed-out` has name `timed-out`. */
  readonly name: string;
}

export interface EdnSequence {
  readonly kind: 'vector' | 'list';
  readonly items: readonly EdnValue[];
  /** The line each item starts on. */
  readonly itemLines: readonly number[];
  readonly line: number;
}

export interface EdnMap {
  readonly kind: 'map';
  /** Keyed by keyword name (map keys must be keywords in this subset), in source order. */
  readonly entries: ReadonlyMap<string, EdnValue>;
  readonly line: number;
}

export type EdnValue = null | boolean | number | string | EdnKeyword | EdnSequence | EdnMap;

/** A top-level form and the line it starts on. */
export interface EdnForm {
  readonly value: EdnValue;
  readonly line: number;
}

/** Every top-level form of `text`, in order. */
export function readEdnForms(text: string): EdnForm[] {
  const reader = new EdnReader(text);
  const forms: EdnForm[] = [];
  for (;;) {
    reader.skipWhitespace();
    if (reader.atEnd()) return forms;
    const line = reader.currentLine;
    forms.push({ value: reader.readValue(), line });
  }
}

const CLOSING: Readonly<Record<string, string>> = { '[': ']', '(': ')', '{': '}' };
const DELIMITERS = new Set(['[', ']', '(', ')', '{', '}', '"', ';', ',']);
/** Nesting deeper than this is refused (a history needs three levels). */
const MAX_DEPTH = 64;

class EdnReader {
  private position = 0;
  private line = 1;
  private depth = 0;

  constructor(private readonly text: string) {}

  get currentLine(): number {
    return this.line;
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipWhitespace(): void {
    const text = this.text;
    while (this.position < text.length) {
      const character = text[this.position] as string;
      if (character === '\n') this.line++;
      else if (character === ';') {
        while (this.position < text.length && text[this.position] !== '\n') this.position++;
        continue;
      } else if (character !== ' ' && character !== ',' && character !== '\t' && character !== '\r') return;
      this.position++;
    }
  }

  readValue(): EdnValue {
    this.skipWhitespace();
    if (this.atEnd()) throw this.error('expected a value, got the end of the text');
    const character = this.text[this.position] as string;
    switch (character) {
      case '{':
        return this.readMap();
      case '[':
      case '(':
        return this.readSequence(character);
      case '"':
        return this.readString();
      case ':':
        return this.readKeyword();
      case ']':
      case ')':
      case '}':
        throw this.error(`unexpected ${JSON.stringify(character)}: expected a value`);
      default:
        return this.readAtom();
    }
  }

  private readMap(): EdnMap {
    const line = this.line;
    this.enter();
    const entries = new Map<string, EdnValue>();
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd()) throw this.error(`expected "}" to close the map opened on line ${line}, got the end of the text`);
      if (this.text[this.position] === '}') break;
      const keyLine = this.line;
      const key = this.readValue();
      if (key === null || typeof key !== 'object' || key.kind !== 'keyword') {
        throw new RangeError(`line ${keyLine}: expected a keyword as map key, got ${describeForm(key)}`);
      }
      if (entries.has(key.name)) throw new RangeError(`line ${keyLine}: the key :${key.name} appears twice in one map`);
      this.skipWhitespace();
      if (this.atEnd() || this.text[this.position] === '}') throw this.error(`expected a value for :${key.name}`);
      entries.set(key.name, this.readValue());
    }
    this.position++;
    this.depth--;
    return { kind: 'map', entries, line };
  }

  private readSequence(opening: string): EdnSequence {
    const line = this.line;
    const closing = CLOSING[opening] as string;
    this.enter();
    const items: EdnValue[] = [];
    const itemLines: number[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd()) throw this.error(`expected ${JSON.stringify(closing)} to close the ${opening === '[' ? 'vector' : 'list'} opened on line ${line}, got the end of the text`);
      if (this.text[this.position] === closing) break;
      itemLines.push(this.line);
      items.push(this.readValue());
    }
    this.position++;
    this.depth--;
    return { kind: opening === '[' ? 'vector' : 'list', items, itemLines, line };
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.error(`nesting deeper than ${MAX_DEPTH} levels`);
    this.position++;
  }

  private readString(): string {
    const line = this.line;
    const text = this.text;
    let value = '';
    this.position++;
    for (;;) {
      if (this.position >= text.length) throw new RangeError(`line ${line}: expected a closing quote for the string that starts there`);
      const character = text[this.position++] as string;
      if (character === '"') return value;
      if (character === '\n') this.line++;
      if (character !== '\\') {
        value += character;
        continue;
      }
      value += this.readEscape();
    }
  }

  private readEscape(): string {
    const escape = this.text[this.position++];
    switch (escape) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'u': {
        const hex = this.text.slice(this.position, this.position + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error(`expected four hex digits after \\u, got ${JSON.stringify(hex)}`);
        this.position += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        throw this.error(`unknown escape \\${escape ?? ''} in a string: expected \\" \\\\ \\n \\t \\r or \\uXXXX`);
    }
  }

  private readKeyword(): EdnKeyword {
    this.position++;
    const name = this.readToken();
    if (name === '' || !/^[A-Za-z*+!_?<>=.\-][\w*+!?<>=.\-/#$%&']*$/.test(name)) throw this.error(`expected a keyword name after ":", got ${JSON.stringify(name)}`);
    return { kind: 'keyword', name };
  }

  private readAtom(): null | boolean | number {
    const token = this.readToken();
    if (token === 'nil') return null;
    if (token === 'true') return true;
    if (token === 'false') return false;
    const integer = /^([+-]?\d+)N?$/.exec(token);
    if (integer === null) {
      throw this.error(`unexpected ${JSON.stringify(token)}: expected a map, vector, list, keyword, integer, string, nil, true or false`);
    }
    const value = Number(integer[1]);
    if (!Number.isSafeInteger(value)) throw this.error(`integer ${token} is too large: expected at most ${Number.MAX_SAFE_INTEGER} in size`);
    return value;
  }

  private readToken(): string {
    const start = this.position;
    const text = this.text;
    while (this.position < text.length) {
      const character = text[this.position] as string;
      if (character === ' ' || character === '\n' || character === '\t' || character === '\r' || DELIMITERS.has(character)) break;
      this.position++;
    }
    return text.slice(start, this.position);
  }

  private error(what: string): RangeError {
    return new RangeError(`line ${this.line}: ${what}`);
  }
}

function describeForm(value: EdnValue): string {
  if (value === null) return 'nil';
  if (typeof value !== 'object') return JSON.stringify(value);
  return value.kind === 'keyword' ? `:${value.name}` : `a ${value.kind}`;
}
