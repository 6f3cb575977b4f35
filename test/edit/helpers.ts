/**
 * Shared steps of the edit tests: run a render request on a text, and list
 * which lines of the original an edit touched.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diffLines } from 'diff';
import { renderEdit, type RenderEditResult } from '../../src/edit/index.js';
import type { HelmValuesOptions } from '../../src/edit/helm-values-edit.js';
import { buildEditRequest, type ProviderFlags } from '../../src/edit/provider-input.js';

export const corpus = (rel: string): string => readFileSync(fileURLToPath(new URL(`../../../shared/corpus/${rel}`, import.meta.url)), 'utf8');
export const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/render/${name}`, import.meta.url)), 'utf8');

export async function render(text: string, flags: ProviderFlags, file: string, env?: string, helm?: HelmValuesOptions): Promise<RenderEditResult> {
  const request = await buildEditRequest(flags);
  if (!request.ok) throw new Error(request.message);
  return renderEdit(text, request.value, { file, ...(env ? { env } : {}), ...(helm ? { helm } : {}) });
}

/** Renders and expects success: the new text. */
export async function edited(text: string, flags: ProviderFlags, file: string, env?: string): Promise<string> {
  const result = await render(text, flags, file, env);
  if (result.status !== 'ok') throw new Error(`${result.message}\n${result.reasons.join('\n')}`);
  return result.after;
}

/**
 * 1-based lines of `before` that were changed or removed, and for pure
 * insertions the line they follow, so "only the OmniAuth block changed"
 * can be asserted as a line range.
 */
export function touchedLines(before: string, after: string): number[] {
  const lines: number[] = [];
  let line = 1;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0;
    if (part.removed) {
      for (let i = 0; i < count; i++) lines.push(line + i);
      line += count;
    } else if (part.added) {
      lines.push(Math.max(line - 1, 1));
    } else {
      line += count;
    }
  }
  return [...new Set(lines)];
}

export function lineOf(text: string, needle: string | RegExp): number {
  const index = typeof needle === 'string' ? text.indexOf(needle) : (needle.exec(text)?.index ?? -1);
  if (index < 0) throw new Error(`not found: ${String(needle)}`);
  return text.slice(0, index).split('\n').length;
}
