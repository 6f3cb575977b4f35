/**
 * Reading user files with messages a person can act on: no stack traces.
 *
 * Only regular files and standard input are read, never more than the size
 * limit (`--max-file-size`): a FIFO would block (and `render --write` would
 * read it a second time), a device such as /dev/zero never ends, and a huge
 * file is not a configuration anyone wrote by hand.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { UsageError, type CliIO } from './io.js';

export interface InputFile {
  /** As the user wrote it (shown in findings). */
  name: string;
  text: string;
}

/** 10 MiB: gitlab.rb.template is about 200 KiB. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export async function readInput(name: string, io: CliIO, maxBytes = DEFAULT_MAX_FILE_SIZE): Promise<InputFile> {
  if (name === '-') {
    const text = await io.readStdin(maxBytes);
    if (Buffer.byteLength(text) > maxBytes) throw tooLarge('<stdin>', maxBytes);
    return { name: '<stdin>', text };
  }
  try {
    // Synchronous: a run reads its files one after another anyway, and the
    // promise machinery made a thousand small files measurably slower.
    return { name, text: decodeUtf8(readRegularFile(path.resolve(io.cwd, name), name, maxBytes), name) };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${name}: ${describeFsError(error)}`);
  }
}

/** The bytes of a regular file, refused before reading when it is something else or larger than `maxBytes`. */
function readRegularFile(file: string, name: string, maxBytes: number): Buffer {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever before fstat can refuse it.
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new UsageError(`cannot read ${name}: is a directory`);
    if (!stats.isFile()) throw new UsageError(`cannot read ${name}: not a regular file (a pipe, socket or device); give a file, or - for standard input`);
    if (stats.size > maxBytes) throw tooLarge(name, maxBytes);
    return readAtMost(fd, name, maxBytes, stats.size);
  } finally {
    closeSync(fd);
  }
}

/** Reads to the end, failing as soon as more than `maxBytes` arrive (a file may grow after fstat). */
function readAtMost(fd: number, name: string, maxBytes: number, expectedSize: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  // One read of the size fstat reported, plus a byte to notice growth, usually reaches the end.
  let chunkSize = Math.min(expectedSize, maxBytes) + 1;
  for (;;) {
    const chunk = Buffer.allocUnsafe(chunkSize);
    const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
    if (bytesRead === 0) return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > maxBytes) throw tooLarge(name, maxBytes);
    chunks.push(chunk.subarray(0, bytesRead));
    // A read that did not fill its buffer usually reached the end: the next one, which says so, needs no
    // large buffer (a new 64 KiB one for every small file is most of what reading a thousand of them allocates).
    chunkSize = bytesRead < chunk.length ? END_CHECK_SIZE : 64 * 1024;
  }
}

/** The buffer of a read that expects the end of the file (it grows again to 64 KiB if the file goes on). */
const END_CHECK_SIZE = 64;

export function tooLarge(name: string, maxBytes: number): UsageError {
  return new UsageError(`cannot read ${name}: larger than ${formatSize(maxBytes)} (--max-file-size raises the limit)`);
}

/** One decoder for every file: without `stream`, each decode starts afresh. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8(buffer: Uint8Array, name: string): string {
  try {
    // ignoreBOM keeps a byte-order mark in the text, so an edited file is written back with it.
    return utf8.decode(buffer);
  } catch {
    throw new UsageError(`cannot read ${name}: not UTF-8 text`);
  }
}

/** `10M`, `512K`, `1G`, `10MiB` or a number of bytes → bytes; null when it is none of these. */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d+)\s*(?:([KMG])(?:i?B)?|B)?\s*$/i.exec(text);
  if (!match) return null;
  const unit = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(match[2] ?? '').toUpperCase() as 'K' | 'M' | 'G'] ?? 1;
  const bytes = Number(match[1]) * unit;
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}

export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
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
    case 'ENXIO':
      return 'not a regular file (a pipe, socket or device); give a file, or - for standard input';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
