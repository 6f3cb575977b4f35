/**
 * The preview a user reads before anything is written: a unified diff of the
 * file before and after, coloured on a terminal, secrets masked unless asked.
 */
import { maskSecretText } from '../model/secret-text.js';
import { isSecretKey, maskValueText } from '../model/secrets.js';
import { ansi } from '../report/color.js';
import type { ConfigValue, OmniauthModel } from '../model/types.js';

export interface DiffPreviewOptions {
  /** Name shown in the `---`/`+++` header. */
  file: string;
  color: boolean;
  /** Models of the old and new text: where their secrets are, to mask them. Omit when --show-secrets. */
  mask?: { before: OmniauthModel | null; after: OmniauthModel | null };
  context?: number;
}

/** The unified diff, or '' when nothing changes. */
export async function diffPreview(before: string, after: string, options: DiffPreviewOptions): Promise<string> {
  if (before === after) return '';
  const shownBefore = options.mask ? maskSecretText(maskSecrets(before, options.mask.before)) : before;
  const shownAfter = options.mask ? maskSecretText(maskSecrets(after, options.mask.after)) : after;
  // diff is only needed when there is something to show: load it then.
  const { createTwoFilesPatch } = await import('diff');
  // As git names files: `a/etc/gitlab/gitlab.rb`, never `a//etc/...`.
  const name = options.file.replace(/^\/+/, '');
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, shownBefore, shownAfter, undefined, undefined, {
    context: options.context ?? 3,
  });
  const lines = patch
    .split('\n')
    // The first line is the `Index:`/`====` banner of createTwoFilesPatch when present; git-style headers start at ---.
    .filter((line) => !/^={5,}$/.test(line))
    .map((line) => line.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  // A masked diff cannot be applied: say so before anyone pipes it to `patch`.
  if (options.mask && shownBefore + shownAfter !== before + after) lines.unshift(MASKED_NOTE);
  return (options.color ? lines.map(colorLine) : lines).join('\n') + '\n';
}

export const MASKED_NOTE = '# secrets are masked (********): this preview is not a patch; --stdout prints the file, --show-secrets shows them';

function colorLine(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return ansi.bold(line);
  if (line.startsWith('@@')) return ansi.cyan(line);
  if (line.startsWith('+')) return ansi.green(line);
  if (line.startsWith('-')) return ansi.red(line);
  return line;
}

/**
 * Replaces every secret value the model locates (provider keys named like
 * secrets, at any depth) with a mask, keeping everything else, so a diff of
 * two masked texts still shows which line changed.
 */
export function maskSecrets(text: string, model: OmniauthModel | null): string {
  if (!model?.providers) return text;
  const ranges: Array<[number, number]> = [];
  for (const item of model.providers) collectSecretRanges(item.value, ranges);
  ranges.sort((a, b) => b[0] - a[0]);
  // From the end of the text back: a range reaching into one already kept is left out.
  const kept: Array<[number, number]> = [];
  let lastStart = Infinity;
  for (const [start, end] of ranges) {
    if (end > lastStart) continue;
    kept.push([start, end]);
    lastStart = start;
  }
  // The text built once, front to back (not once per secret: a file has thousands on one line).
  const parts: string[] = [];
  let last = 0;
  for (let i = kept.length - 1; i >= 0; i--) {
    const [start, end] = kept[i] as [number, number];
    parts.push(text.slice(last, start), maskFor(text.slice(start, end)));
    last = end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

function collectSecretRanges(value: ConfigValue, into: Array<[number, number]>): void {
  if (value.kind === 'array') {
    for (const item of value.items) collectSecretRanges(item, into);
    return;
  }
  if (value.kind !== 'mapping') return;
  for (const entry of value.entries) {
    const v = entry.value;
    if (isSecretKey(entry.key) && (v.kind === 'string' || v.kind === 'integer' || v.kind === 'float' || v.kind === 'ruby' || v.kind === 'erb')) {
      into.push([v.range.start.offset, v.range.end.offset]);
    } else {
      collectSecretRanges(v, into);
    }
  }
}

/** Keeps the quotes so the masked line still reads as the same kind of value, and an ENV name readable. */
function maskFor(literal: string): string {
  return maskValueText(literal);
}
