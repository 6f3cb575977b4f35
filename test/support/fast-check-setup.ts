/**
 * Property tests explore new cases on every developer run, but CI must be
 * reproducible: there one fixed seed is used (FC_SEED overrides it anywhere,
 * e.g. to replay a failure a developer saw).
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI === 'true' ? '20261125' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
