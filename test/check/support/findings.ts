/**
 * The general checks' findings on a model the real readers produce, as
 * `line:col severity rule message` lines for readable assertions.
 */
import { MODEL_RULES, checkModel } from '../../../src/check/index.js';
import { readConfig } from '../../../src/read/index.js';

const GENERAL_RULES = new Set(MODEL_RULES.map((r) => r.meta.id));

/** The findings, or null when the file does not parse (validate then runs no checks). */
export async function checked(text: string, file: string): Promise<string[] | null> {
  const { model, diagnostics } = await readConfig(text, { file });
  if (diagnostics.some((d) => d.rule.endsWith('-syntax') && d.severity === 'error')) return null;
  return checkModel(model)
    .filter((d) => GENERAL_RULES.has(d.rule))
    .map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity} ${d.rule} ${d.message}`);
}

export async function findings(text: string, file: string): Promise<string[]> {
  const found = await checked(text, file);
  if (found === null) throw new Error(`${file} does not parse`);
  return found;
}
