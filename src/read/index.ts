/**
 * Reading a file into the OmniAuth model: detect the format, then hand it to
 * that format's reader. The Ruby reader loads Prism (WASM) on first use, so
 * nothing heavy is imported until a gitlab.rb is actually read.
 */
import type { ReadOptions, ReadResult } from '../model/types.js';
import { detectFormat, isDockerCompose } from './detect.js';

export async function readConfig(text: string, options: ReadOptions): Promise<ReadResult> {
  const format = options.format ?? detectFormat(options.file, text);
  if (format === 'omnibus' && isDockerCompose(options.file, text)) {
    const { readDocker } = await import('./docker/reader.js');
    return readDocker(text, options);
  }
  if (format === 'omnibus') {
    const { readOmnibus } = await import('./omnibus/reader.js');
    return readOmnibus(text, options);
  }
  const { readSource } = await import('./source/reader.js');
  return readSource(text, options);
}

export { detectFormat };
