/** Short builders for PlainValue test data. */
import type { PlainValue } from '../../src/model/plain.js';

export const str = (value: string): PlainValue => ({ kind: 'string', value });
export const sym = (value: string): PlainValue => ({ kind: 'symbol', value });
export const int = (value: string): PlainValue => ({ kind: 'integer', value });
export const flt = (value: number): PlainValue => ({ kind: 'float', value });
export const bool = (value: boolean): PlainValue => ({ kind: 'boolean', value });
export const arr = (...items: PlainValue[]): PlainValue => ({ kind: 'array', items });
export const map = (entries: Record<string, PlainValue>): PlainValue => ({
  kind: 'mapping',
  entries: Object.entries(entries).map(([key, value]) => ({ key, value })),
});
