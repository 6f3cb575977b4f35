/**
 * Prism locations → ranges in the user's file. The parsed text can be the
 * user's text with a prefix (a fragment of comma-separated hashes is parsed
 * as `[` + text + `]`), so byte offsets are shifted back and clamped.
 */
import { SourceText, type SourceRange } from '../../text/source-text.js';
import type { Location } from './nodes.js';

export class Locator {
  readonly source: SourceText;
  /** Bytes added before the user's text in what Prism parsed. */
  readonly prefixBytes: number;

  constructor(source: SourceText, prefixBytes = 0) {
    this.source = source;
    this.prefixBytes = prefixBytes;
  }

  /**
   * Range of the parsed bytes `[start, end)`. A trailing line break is left
   * out: Prism counts it into a heredoc's closing `EOS\n`, and a value ends
   * where its text does.
   */
  bytes(start: number, end: number): SourceRange {
    const s = Math.max(0, start - this.prefixBytes);
    const e = Math.max(s, end - this.prefixBytes);
    const from = this.source.indexOfByte(s);
    let to = this.source.indexOfByte(e);
    while (to > from && /[\r\n]/.test(this.source.text.charAt(to - 1))) to--;
    return this.source.range(from, to);
  }

  of(location: Location): SourceRange {
    return this.bytes(location.startOffset, location.startOffset + location.length);
  }

  text(start: number, end: number): string {
    return this.source.slice(this.bytes(start, end));
  }
}
