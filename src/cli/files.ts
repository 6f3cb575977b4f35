/**
 * Reading user files with messages a person can act on: no stack traces.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, type CliIO } from './io.js';

export interface InputFile {
  /** As the user wrote it (shown in findings). */
  name: string;
  text: string;
}

export async function readInput(name: string, io: CliIO): Promise<InputFile> {
  if (name === '-') return { name: '<stdin>', text: await io.readStdin() };
  try {
    // Synchronous: a run reads its files one after another anyway, and the
    // promise machinery made a thousand small files measurably slower.
    const buffer = readFileSync(path.resolve(io.cwd, name));
    return { name, text: decodeUtf8(buffer, name) };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${name}: ${describeFsError(error)}`);
  }
}

function decodeUtf8(buffer: Buffer, name: string): string {
  try {
    // ignoreBOM keeps a byte-order mark in the text, so an edited file is written back with it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buffer);
  } catch {
    throw new UsageError(`cannot read ${name}: not UTF-8 text`);
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (gitlab.rb is usually readable by root only: try sudo)';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
