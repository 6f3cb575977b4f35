/**
 * Seeded mutations of configuration texts: what editors, copy-paste,
 * encodings and hostile users do to a file.
 */

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

const int = (random: Random, max: number): number => Math.floor(random() * max);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

/** The input as bytes: some mutations make text that is not UTF-8. */
export type Mutation = (bytes: Buffer, random: Random) => Buffer;

const at = (bytes: Buffer, random: Random): number => int(random, bytes.length + 1);
const splice = (bytes: Buffer, start: number, remove: number, insert: Buffer | string): Buffer =>
  Buffer.concat([bytes.subarray(0, start), Buffer.from(insert), bytes.subarray(Math.min(bytes.length, start + remove))]);

function lines(bytes: Buffer): string[] {
  return bytes.toString('latin1').split('\n');
}
function joinLines(parts: readonly string[]): Buffer {
  return Buffer.from(parts.join('\n'), 'latin1');
}

const TOKENS = ['{', '}', '[', ']', '(', ')', ',', ':', "'", '"', '#', '-', '=>', '<%', '%>', '<%= ENV["X"] %>', '&a ', '*a', '<<: *a', '!!binary ', '!ruby/object ', '%w[', '<<~EOS\n', '\\', '#{', '?', '|', '>', '---\n', '...\n', '\t', '  '];

export const MUTATIONS: Record<string, Mutation> = {
  byteFlip: (b, r) => {
    if (b.length === 0) return b;
    const copy = Buffer.from(b);
    for (let n = 1 + int(r, 4); n > 0; n--) {
      const i = int(r, copy.length);
      copy[i] = (copy[i] as number) ^ (1 << int(r, 8));
    }
    return copy;
  },
  truncate: (b, r) => b.subarray(0, at(b, r)),
  deleteLine: (b, r) => {
    const ls = lines(b);
    ls.splice(int(r, ls.length), 1 + int(r, 3));
    return joinLines(ls);
  },
  duplicateLine: (b, r) => {
    const ls = lines(b);
    const i = int(r, ls.length);
    ls.splice(i, 0, ...ls.slice(i, i + 1 + int(r, 3)));
    return joinLines(ls);
  },
  token: (b, r) => splice(b, at(b, r), int(r, 3), pick(r, TOKENS)),
  nul: (b, r) => splice(b, at(b, r), 0, '\0'),
  invalidUtf8: (b, r) => splice(b, at(b, r), 0, Buffer.from([pick(r, [0xff, 0xc3, 0xe2, 0x80, 0xed])])),
  bom: (b, r) => splice(b, r() < 0.5 ? 0 : at(b, r), 0, '\ufeff'),
  zeroWidth: (b, r) => splice(b, at(b, r), 0, pick(r, ['\u200b', '\u00a0', '\u2028', '\u202e'])),
  crOnly: (b) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r'), 'latin1'),
  crlf: (b) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'),
  tabs: (b) => Buffer.from(b.toString('latin1').replace(/^( {2})+/gm, (s) => '\t'.repeat(s.length / 2)), 'latin1'),
  deepNesting: (b, r) => {
    const depth = pick(r, [20, 90, 101, 150, 400, 2000]);
    const [open, close] = pick(r, [['[', ']'], ['{a: ', '}'], ['(', ')'], ['- ', ''], ['"#{', '}"']] as const);
    return splice(b, at(b, r), 0, open.repeat(depth) + '1' + close.repeat(depth));
  },
  aliasBomb: (b, r) => {
    const levels = 4 + int(r, 6);
    const merge = r() < 0.5;
    const out = ['x0: &x0 ' + (merge ? '{k: v}' : '[lol, lol, lol]')];
    for (let i = 1; i <= levels; i++) {
      out.push(`x${i}: &x${i} ` + (merge ? `{<<: *x${i - 1}, ${Array.from({ length: 9 }, (_, j) => `k${j}: *x${i - 1}`).join(', ')}}` : `[${Array(10).fill(`*x${i - 1}`).join(', ')}]`));
    }
    return r() < 0.5 ? Buffer.concat([Buffer.from(out.join('\n') + '\n'), b]) : Buffer.concat([b, Buffer.from('\n' + out.join('\n') + '\n')]);
  },
  hugeScalar: (b, r) => splice(b, at(b, r), 0, pick(r, ['a', 'x,', '9', '"', ' ']).repeat(pick(r, [100, 1000, 20_000]))),
  repeatWhole: (b, r) => Buffer.concat(Array(2 + int(r, 8)).fill(b)),
  swapHalves: (b, r) => {
    const i = at(b, r);
    return Buffer.concat([b.subarray(i), b.subarray(0, i)]);
  },
};

const NAMES = Object.keys(MUTATIONS);

/** One to three mutations in a row; returns the names applied, for the report. */
export function mutate(input: Buffer, random: Random): { bytes: Buffer; applied: string[] } {
  let bytes = input;
  const applied: string[] = [];
  for (let n = 1 + int(random, 3); n > 0; n--) {
    const name = pick(random, NAMES);
    bytes = (MUTATIONS[name] as Mutation)(bytes, random);
    applied.push(name);
  }
  return { bytes, applied };
}
