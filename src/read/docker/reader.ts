/**
 * Reading a Docker Compose file that configures GitLab through the
 * `GITLAB_OMNIBUS_CONFIG` environment variable. The image evaluates that
 * variable as gitlab.rb Ruby (DOMAIN.md §6), so its value goes through the
 * gitlab.rb reader, and every range that reader reports is moved back to
 * where the Ruby is written in the compose file.
 *
 * One model stands for one GitLab: when several services set the variable,
 * the first is read and each other one gets an info finding. Merging them
 * would make one instance's providers look like duplicates or overrides of
 * another's.
 */
import { parseDocument } from 'yaml';
import { compareDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ConfigValue, OmniauthModel, ReadOptions, ReadResult } from '../../model/types.js';
import { SourceText, type Position } from '../../text/source-text.js';
import { emptyModel, readOmnibus } from '../omnibus/reader.js';
import { readSource } from '../source/reader.js';
import { syntaxDiagnostics } from '../source/syntax.js';
import { findOmnibusConfig, VARIABLE, type OmnibusConfigSite } from './compose.js';
import { applyComposeInterpolation } from './interpolation.js';
import { mapScalar } from './scalar-map.js';
import { mapRanges } from '../embedded.js';

export async function readDocker(text: string, options: ReadOptions): Promise<ReadResult> {
  const source = new SourceText(text);
  // Duplicate keys are errors, as in Compose (go-yaml rejects them).
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      model: emptyModel(options.file, 'gitlab_rb'),
      diagnostics: syntaxDiagnostics(doc.errors, text, source, options.file),
    };
  }
  const sites = findOmnibusConfig(doc);
  // One model stands for one GitLab: the service asked for, else the first.
  const site = options.service === undefined ? sites[0] : sites.find((s) => s.service === options.service);
  const others = sites.filter((s) => s !== site);
  // The name matched but no service sets it (a comment, another tool's YAML): read it as the YAML it is.
  if (!site) return readSource(text, options);

  const scalar = mapScalar(site.scalar, text);
  const ruby = scalar.value.slice(site.prefix);
  if (COMPOSE_VARIABLE.test(ruby)) return fromEnvironment(ruby.trim(), site, source, options.file);
  const result = await readOmnibus(ruby, options);
  const toFile = positionMapper(source, new SourceText(ruby), (i) => scalar.toSource(i + site.prefix));
  mapRanges(result, toFile.position);
  applyComposeInterpolation(modelValues(result.model), source);
  const ext = result.model.externalUrl;
  if (ext?.value) ext.url = ext.value.kind === 'string' ? ext.value.value : null;
  for (const d of result.diagnostics) {
    d.message = toFile.lineNumbers(d.message);
    if (d.hint !== undefined) d.hint = toFile.lineNumbers(d.hint);
  }
  const skipped = others.map((o) => notRead(o, site.service, source, options.file));
  return { model: result.model, diagnostics: [...result.diagnostics, ...skipped].sort(compareDiagnostics) };
}

/** `${VAR}`, `$VAR`, `${VAR:-default}` and the like: Compose's interpolation, filled in from the host or `.env`. */
const COMPOSE_VARIABLE = /^\s*\$(?:\{[A-Za-z_]\w*(?::?[-?+][^}]*)?\}|[A-Za-z_]\w*)\s*$/;

/** The whole value is one Compose variable: the Ruby is somewhere else, so nothing here can be checked. */
function fromEnvironment(variable: string, site: OmnibusConfigSite, source: SourceText, file: string): ReadResult {
  const [start, end] = site.scalar.range ?? site.keyRange;
  return {
    model: emptyModel(file, 'empty'),
    diagnostics: [
      {
        rule: 'opaque-value',
        severity: 'info',
        message: `${VARIABLE} is \`${variable}\`, which Compose fills in from the environment or an .env file: there is nothing here to check`,
        file,
        range: source.range(start, end),
      },
    ],
  };
}

interface PositionMapper {
  position(p: Position): Position;
  /** Rewrites `line N` (a line of the Ruby) in a message to the compose file's line. */
  lineNumbers(message: string): string;
}

function positionMapper(file: SourceText, ruby: SourceText, toSource: (rubyIndex: number) => number): PositionMapper {
  return {
    position: (p) => file.position(toSource(p.offset)),
    lineNumbers: (message) =>
      message.replace(/\bline (\d+)\b/g, (_, n: string) => `line ${file.position(toSource(ruby.lineStart(Number(n)))).line}`),
  };
}

function modelValues(model: OmniauthModel): ConfigValue[] {
  return [
    ...model.settings.map((s) => s.value),
    ...(model.providers ?? []).map((p) => p.value),
    ...(model.externalUrl?.value ? [model.externalUrl.value] : []),
  ];
}

function notRead(site: OmnibusConfigSite, first: string, source: SourceText, file: string): Diagnostic {
  return {
    rule: 'docker-multiple-services',
    severity: 'info',
    message: `service \`${site.service}\` also sets ${VARIABLE}; only the one of \`${first}\` was read`,
    file,
    range: source.range(site.keyRange[0], site.keyRange[1]),
    hint: `to check it, save its value as a .rb file and validate that`,
  };
}
