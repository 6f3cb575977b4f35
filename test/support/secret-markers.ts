/**
 * Plants a unique marker in every secret position of a config text, so a test
 * can assert that no output shows one without `--show-secrets`:
 *
 *   const planted = plantSecretMarkers(text, 'source');
 *   // run commands on planted.text ...
 *   expect(leakedMarkers(output, planted.markers)).toEqual([]);
 *
 * A secret position is a literal value (quoted or plain scalar) at a key that
 * `isSecretKey` names a secret, on any line of the file (inside OmniAuth or
 * not), and the fallback of `ENV.fetch('X', 'fallback')` / `ENV['X'] || 'x'`.
 * The key is recognised by the same forms people write: `key: v`,
 * `"key": v`, `key => v`, `:key => v`, `['key'] = v`. The marker keeps the
 * value's quotes, so a file that parsed before still parses; in a mutated
 * (fuzzed) text it simply replaces what is there.
 */
import { isSecretKey } from '../../src/model/secrets.js';

export type MarkerFormat = 'omnibus' | 'source';

export interface PlantedText {
  text: string;
  /** Every marker planted, in text order; each occurs once in `text`. */
  markers: string[];
}

// key, then separator; the value follows.
const KEYED_VALUE =
  /(\[\s*(?:'([^'\n]+)'|"([^"\n]+)"|:(\w+))\s*\]\s*=\s*|(?:'([^'\n]+)'|"([^"\n]+)"|:?([A-Za-z_][\w-]*))\s*(?:=>|:(?=[ \t]))[ \t]*)('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|ENV\s*(?:\.fetch\s*\(\s*(?:'[^'\n]*'|"[^"\n]*")\s*,\s*(?:'[^'\n]*'|"[^"\n]*")\s*\)|\[\s*(?:'[^'\n]*'|"[^"\n]*")\s*\]\s*\|\|\s*(?:'[^'\n]*'|"[^"\n]*"))|[A-Za-z0-9][\w.+/=~-]*(?=[ \t]*(?:$|,|\}|\]|#))|['"][^'"\n]*$|[|>][^\s'"][^\n]*$)/gm;

/** A marker no real file contains, distinct for each position and each call. */
export function markerFactory(seed = Math.floor(Math.random() * 1e9)): () => string {
  let n = 0;
  return () => `ZzSecretMarker${seed.toString(36)}x${(n++).toString(36)}Zz`;
}

export function plantSecretMarkers(text: string, format: MarkerFormat, nextMarker: () => string = markerFactory()): PlantedText {
  const markers: string[] = [];
  const planted = text.replace(KEYED_VALUE, (all, head: string, ...groups: Array<string | undefined>) => {
    const key = groups.slice(0, 6).find((g) => g !== undefined) ?? '';
    const value = groups[6] ?? '';
    const offset = groups[7] as unknown as number;
    if (!isSecretKey(key) || !plantable(value, format) || (key === 'secret' && namesKubernetesSecret(text, offset))) return all;
    const marker = nextMarker();
    markers.push(marker);
    return head + withMarker(value, marker);
  });
  return { text: planted, markers };
}

/** Markers of `markers` that occur in `output`. */
export function leakedMarkers(output: string, markers: readonly string[]): string[] {
  return markers.filter((m) => output.includes(m));
}

/**
 * A Helm chart provider item (`{secret: NAME, key: provider}`) names a
 * Kubernetes Secret, which the tool shows as a name (as the reader does, see
 * model/secret-text.ts): its `key:` is on the same line or the next or previous one.
 */
export function namesKubernetesSecret(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const from = text.lastIndexOf('\n', lineStart - 2) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const nextEnd = lineEnd === -1 ? text.length : text.indexOf('\n', lineEnd + 1);
  const near = text.slice(from, nextEnd === -1 ? text.length : nextEnd);
  return near.split('\n').some((line) => /(?:^|[{,\s])["']?key["']?[ \t]*:/.test(line));
}

function plantable(value: string, format: MarkerFormat): boolean {
  if (value.startsWith('ENV') || /^[|>]/.test(value)) return true;
  // A bare word is a value in YAML; in Ruby it is a method call or constant, not a secret literal.
  if (!/^['"]/.test(value)) return format === 'source' && !/^(true|false|null|yes|no|on|off|~)$/i.test(value);
  return !value.includes('<%');
}

function withMarker(value: string, marker: string): string {
  // The last literal of an ENV expression is its fallback, the secret part.
  if (value.startsWith('ENV')) return value.replace(/(['"])[^'"\n]*\1(?=\s*\)?$)/, (_all, q: string) => `${q}${marker}${q}`);
  const quote = value[0];
  // A quote or block scalar header that is never closed: the marker is the broken value's text.
  if (quote === '|' || quote === '>') return `${quote}${marker}`;
  if ((quote === '"' || quote === "'") && (value.length < 2 || !value.endsWith(quote))) return `${quote}${marker}${value.slice(-1) === ',' ? ',' : ''}`;
  if (quote === '"' || quote === "'") return `${quote}${marker}${quote}`;
  return marker;
}
