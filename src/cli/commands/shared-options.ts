/**
 * Options several commands share, declared once so they read the same everywhere.
 *
 * Declared as data (yargs `Options` objects) rather than chained calls: the
 * command-line fast path (../fast-path.ts) reads the same declarations that
 * yargs gets, so both parse a command line alike.
 */
import type { Argv } from 'yargs';
import { parseGitlabVersion } from '../../catalog/versions.js';
import type { Format, ReadOptions } from '../../model/types.js';
import { DEFAULT_MAX_FILE_SIZE, formatSize, parseSize } from '../files.js';
import { UsageError } from '../io.js';

export const READ_OPTIONS = {
  format: {
    choices: ['omnibus', 'source'] as const,
    describe: 'File format (default: detected from the name and content): omnibus = gitlab.rb, source = gitlab.yml',
  },
  env: {
    type: 'string',
    default: 'production',
    describe: 'gitlab.yml environment section to read',
  },
} as const;

export const VERSION_OPTIONS = {
  'gitlab-version': {
    type: 'string',
    describe: 'GitLab version the config is for (decides deprecated or removed); default: the newest known',
    coerce: (text: string) => {
      if (parseGitlabVersion(text) === null) {
        throw new UsageError(`--gitlab-version takes a version like 16.11 or 17.0.2, not \`${text}\``);
      }
      return text;
    },
  },
} as const;

export function withReadOptions<T>(y: Argv<T>) {
  return y.options(READ_OPTIONS);
}

/** The reader's options from what `withReadOptions` parsed: a format only when the user forced one. */
export function readOptionsFor(file: string, args: { format?: Format | undefined; env: string }): ReadOptions {
  return { file, ...(args.format ? { format: args.format } : {}), env: args.env };
}

export function withVersionOption<T>(y: Argv<T>) {
  return y.options(VERSION_OPTIONS);
}

/** `--max-file-size`: the most a command reads of any one input. */
export const INPUT_LIMIT_OPTIONS = {
  'max-file-size': {
    type: 'string',
    describe: `Refuse input files larger than this (bytes, or with K, M or G; default ${formatSize(DEFAULT_MAX_FILE_SIZE)})`,
    coerce: (text: string): number => {
      const bytes = parseSize(String(text));
      if (bytes === null) throw new UsageError(`--max-file-size takes a size such as 10M, 512K or 1048576, not \`${text}\``);
      return bytes;
    },
  },
} as const;

export function withInputLimit<T>(y: Argv<T>) {
  return y.options(INPUT_LIMIT_OPTIONS);
}
