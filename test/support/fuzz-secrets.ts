/**
 * Plants a unique marker at every secret key of a config text (`app_secret:
 * x`, `'password' => 'x'`, `client_secret: "x"`), so a test can assert that no
 * output shows one without `--show-secrets`. A marker replaces the whole
 * value, quoted as the value was (plain YAML values stay plain).
 */
import { isSecretKey } from '../../src/model/settings.js';
import { namesKubernetesSecret } from './secret-markers.js';

export interface PlantedText {
  text: string;
  markers: string[];
}

// A key (bare, quoted or :symbol), `:` or `=>`, then a quoted or plain one-line value.
const KEYED_VALUE = /((?:^|[\s{,[])(?::?([A-Za-z_][\w-]*)|'([^'\n]+)'|"([^"\n]+)")\s*(?:=>|:(?=[ \t]))[ \t]*)('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|[A-Za-z0-9][\w.+/=~-]*(?![\w[(.]))/g;

export function markerFactory(seed: number): () => string {
  let n = 0;
  return () => `ZzSecret${seed.toString(36)}q${(n++).toString(36)}Zz`;
}

export function plantSecretMarkers(text: string, nextMarker: () => string): PlantedText {
  const markers: string[] = [];
  const planted = text.replace(KEYED_VALUE, (all, head: string, bare?: string, single?: string, double?: string, value = '') => {
    const key = bare ?? single ?? double ?? '';
    if (!isSecretKey(key) || value.includes('<%') || /^(true|false|nil|null)$/.test(value)) return all;
    const marker = nextMarker();
    markers.push(marker);
    const quote = /^['"]/.test(value) ? value[0] : '';
    return `${head}${quote}${marker}${quote}`;
  });
  return { text: planted, markers };
}

/**
 * The markers still at a secret key after the text was mutated: a mutation
 * may have broken the key (`app_secreX`), and then the value is no secret.
 */
export function markersAtSecretKeys(text: string, markers: readonly string[]): string[] {
  return markers.filter((marker) => {
    const at = text.indexOf(marker);
    if (at === -1 || text.indexOf(marker, at + 1) !== -1) return false;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const before = text.slice(lineStart, at);
    const key = /(?::?([A-Za-z_][\w-]*)|'([^'\n]+)'|"([^"\n]+)")\s*(?:=>|:)[ \t]*['"]?$/.exec(before);
    const name = key?.[1] ?? key?.[2] ?? key?.[3] ?? '';
    return key !== null && isSecretKey(name) && !(name === 'secret' && namesKubernetesSecret(text, at));
  });
}

export function leakedMarkers(output: string, markers: readonly string[]): string[] {
  return markers.filter((m) => output.includes(m));
}
