/**
 * A user's file as text, with the conversions every stage needs: string index
 * ↔ line/column, and Prism's UTF-8 byte offsets → string index.
 *
 * Lines and columns are 1-based; columns count Unicode characters (code
 * points), which is what editors show, so `# Zürich ✓` before a value does not
 * shift its column.
 */

export interface Position {
  /** UTF-16 index into the text (what `String.prototype.slice` takes). */
  offset: number;
  line: number;
  column: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
  /** Set when the text lies in another file than the one read (a provider resolved from a Kubernetes Secret manifest). */
  file?: string;
}

export class SourceText {
  readonly text: string;
  private readonly lineStarts: number[];
  /** Byte offset → string index; `null` when the text is ASCII and the two are the same. */
  private byteToIndex: Int32Array | null | undefined;
  /** Surrogate pairs starting before each index; null when the text has none. */
  private pairsBefore: Int32Array | null | undefined;

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    // indexOf finds each line break natively: a loop over every character costs more on a first run.
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Index of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.min(Math.max(line, 1), this.lineStarts.length) - 1] ?? 0;
  }

  /** Index just past the last character of a 1-based line, before `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const newline = line < this.lineStarts.length ? (this.lineStarts[line] ?? this.text.length) - 1 : this.text.length;
    return newline > 0 && this.text.charCodeAt(newline - 1) === 13 /* \r */ ? newline - 1 : newline;
  }

  /** The text of a 1-based line without its line ending. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  position(offset: number): Position {
    const clamped = Math.min(Math.max(offset, 0), this.text.length);
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = this.lineStarts[lo] ?? 0;
    return { offset: clamped, line: lo + 1, column: this.codePointsBetween(lineStart, clamped) + 1 };
  }

  range(startOffset: number, endOffset: number): SourceRange {
    return { start: this.position(startOffset), end: this.position(Math.max(startOffset, endOffset)) };
  }

  /** Range of a 1-based line and 1-based character column (for parsers that report line/col). */
  rangeAtLineColumn(line: number, column: number, length = 1): SourceRange {
    const start = this.offsetAtLineColumn(line, column);
    return this.range(start, Math.min(start + length, this.text.length));
  }

  offsetAtLineColumn(line: number, column: number): number {
    let offset = this.lineStart(line);
    const end = this.lineEnd(line);
    for (let c = 1; c < column && offset < end; c++) {
      offset += isHighSurrogate(this.text.charCodeAt(offset)) ? 2 : 1;
    }
    return offset;
  }

  /**
   * Code points in `[from, to)`, in constant time: a file written on one long
   * line has thousands of positions on that line, and counting each from the
   * line start would be quadratic.
   */
  private codePointsBetween(from: number, to: number): number {
    if (to <= from) return 0;
    if (this.pairsBefore === undefined) this.pairsBefore = surrogatePairsBefore(this.text);
    const pairs = this.pairsBefore;
    if (pairs === null) return to - from;
    // A pair counts once when both halves are inside the span.
    return to - from - ((pairs[to - 1] ?? 0) - (pairs[from] ?? 0));
  }

  /** Converts a UTF-8 byte offset (what Prism reports) to a string index. */
  indexOfByte(byteOffset: number): number {
    if (this.byteToIndex === undefined) this.byteToIndex = isAscii(this.text) ? null : buildByteMap(this.text);
    const map = this.byteToIndex;
    if (byteOffset <= 0) return 0;
    if (map === null) return Math.min(byteOffset, this.text.length);
    if (byteOffset >= map.length) return this.text.length;
    return map[byteOffset] ?? this.text.length;
  }

  /** Range from a Prism location (UTF-8 start offset and byte length). */
  rangeOfBytes(startByte: number, byteLength: number): SourceRange {
    return this.range(this.indexOfByte(startByte), this.indexOfByte(startByte + byteLength));
  }

  sliceBytes(startByte: number, byteLength: number): string {
    return this.text.slice(this.indexOfByte(startByte), this.indexOfByte(startByte + byteLength));
  }

  slice(range: SourceRange): string {
    return this.text.slice(range.start.offset, range.end.offset);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A high surrogate with a character after it: where a pair starts. */
const PAIR_START = /[\uD800-\uDBFF][^]/;

function surrogatePairsBefore(text: string): Int32Array | null {
  // Most files have none: found without a table as long as the text.
  if (!PAIR_START.test(text)) return null;
  let any = false;
  const pairs = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const starts = isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length;
    if (starts) any = true;
    pairs[i + 1] = (pairs[i] ?? 0) + (starts ? 1 : 0);
  }
  return any ? pairs : null;
}

/** Whether every character is ASCII: UTF-8 then has one byte per character (a lone surrogate takes three). */
function isAscii(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') === text.length;
}

/** For each UTF-8 byte offset, the UTF-16 index of the character it belongs to (a byte inside a character maps to that character's start). */
function buildByteMap(text: string): Int32Array {
  const bytes = Buffer.byteLength(text, 'utf8');
  const map = new Int32Array(bytes + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) ?? 0;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) map[b + k] = i;
    b += width;
    if (code >= 0x10000) i++;
  }
  map[bytes] = text.length;
  return map;
}
