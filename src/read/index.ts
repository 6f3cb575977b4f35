/**
 * Reading a file into the OmniAuth model: detect the format, then hand it to
 * that format's reader. The Ruby reader loads Prism (WASM) on first use, so
 * nothing heavy is imported until a gitlab.rb is actually read.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { SecretWords } from '../model/secret-text.js';
import type { ReadOptions, ReadResult } from '../model/types.js';
import { detectFormat, isDockerCompose } from './detect.js';

export async function readConfig(text: string, options: ReadOptions): Promise<ReadResult> {
  const result = await readWithAdapter(text, options);
  if (result.diagnostics.length === 0) return result;
  return { ...result, diagnostics: redactSecrets(result.diagnostics, text) };
}

/**
 * Messages and hints quote the text near a mistake, and a mistake inside a
 * secret (an unclosed quote, a bad block scalar header) would quote the secret:
 * the words of every value at a secret key are masked, whatever the parse state.
 */
export function redactSecrets(diagnostics: readonly Diagnostic[], text: string, words?: SecretWords): Diagnostic[] {
  // Finding a text's secrets takes a scan of all of it: only done when there is something to redact.
  if (diagnostics.length === 0) return [];
  const secrets = words ?? secretWordsOf(text);
  return diagnostics.map((d) => {
    const message = secrets.redact(d.message);
    const hint = d.hint === undefined ? undefined : secrets.redact(d.hint);
    return message === d.message && hint === d.hint ? d : { ...d, message, ...(hint === undefined ? {} : { hint }) };
  });
}

/** The secret words of the last text asked about: reader and check findings of one file are redacted one after the other. */
let lastSecretWords: { text: string; words: SecretWords } | undefined;

function secretWordsOf(text: string): SecretWords {
  if (lastSecretWords?.text !== text) lastSecretWords = { text, words: new SecretWords(text) };
  return lastSecretWords.words;
}

/**
 * Each reader, loaded when the first file of its format is read: a run over
 * many files would otherwise look the module up again for every file.
 */
let dockerReader: Promise<typeof import('./docker/reader.js')> | undefined;
let omnibusReader: Promise<typeof import('./omnibus/reader.js')> | undefined;
let sourceReader: Promise<typeof import('./source/reader.js')> | undefined;

async function readWithAdapter(text: string, options: ReadOptions): Promise<ReadResult> {
  const format = options.format ?? detectFormat(options.file, text);
  if (format === 'omnibus' && isDockerCompose(options.file, text)) {
    const { readDocker } = await (dockerReader ??= import('./docker/reader.js'));
    return readDocker(text, options);
  }
  if (format === 'omnibus') {
    const { readOmnibus } = await (omnibusReader ??= import('./omnibus/reader.js'));
    return readOmnibus(text, options);
  }
  const { readSource } = await (sourceReader ??= import('./source/reader.js'));
  return readSource(text, options);
}

export { detectFormat };
