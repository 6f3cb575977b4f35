/**
 * `schema`: the general settings and every provider entry against the
 * committed JSON Schemas (schemas/settings.schema.json,
 * schemas/provider.schema.json). Problems another check explains better are
 * left to it: the shape of the providers list (`providers-not-list`), `args`
 * of the wrong type (`args-type`), boolean-looking strings (`string-boolean`),
 * placeholders (`placeholder-value`) and unknown settings (`unknown-setting`).
 */
import type { ConfigValue, MappingEntry, MappingValue, OmniauthModel } from '../../model/types.js';
import type { Rule } from '../rule.js';
import { bundledSchema, expectsBoolean, schemaFindings, type SchemaFinding } from '../schema.js';
import { placeholderIn } from './placeholder-value.js';
import { providersShapeProblem, valueAtPath } from './shared.js';
import { isBooleanLikeString } from './string-boolean.js';
import { effectiveSettings } from '../../model/effective.js';

export const schemaRule: Rule = {
  meta: {
    id: 'schema',
    severity: 'error',
    messages: {
      invalid: '{{message}}',
    },
    docs: {
      description:
        'Checks the general OmniAuth settings and every provider entry against the JSON Schemas in `schemas/`: a provider has a `name` made of lowercase letters, digits and underscores; `label`, `icon`, `app_id` and `app_secret` are strings; `args` is a mapping or a list; boolean settings are true or false; settings that name providers hold a name or a list of names.',
      why: 'Omnibus and Rails check none of this. A wrong type is passed on as it is and fails later, at reconfigure, at boot or at sign-in, far from the line that caused it.',
      fix: 'Change the value to the type the message names. For a provider without a `name`, add the name of the strategy (`github`, `openid_connect`, ...).',
      url: 'https://docs.gitlab.com/integration/omniauth/',
    },
  },
  check(context) {
    const { model } = context;
    const findings = [...settingsFindings(model), ...providerFindings(model)];
    for (const f of findings) {
      context.report({ messageId: 'invalid', data: { message: f.message }, range: f.range, path: f.path });
    }
  },
};

/** The effective known settings as one mapping under their gitlab.yml names (`cas3.session_duration` nested). */
function settingsMapping(model: OmniauthModel): MappingValue | null {
  const top: MappingEntry[] = [];
  const nested = new Map<string, MappingEntry[]>();
  for (const [name, setting] of effectiveSettings(model)) {
    // The list's shape is `providers-not-list`'s; its items are checked one by one below.
    if (!setting.known || name === 'providers') continue;
    const entry = (key: string): MappingEntry => ({
      key,
      keyStyle: 'yaml',
      keyRange: setting.keyRange,
      value: setting.value,
      range: setting.statementRange,
    });
    const [head, ...rest] = name.split('.');
    if (head === undefined) continue;
    if (rest.length === 0) top.push(entry(head));
    else nested.set(head, [...(nested.get(head) ?? []), entry(rest.join('.'))]);
  }
  for (const [head, children] of nested) {
    const first = children[0];
    if (!first) continue;
    top.push({
      key: head,
      keyStyle: 'yaml',
      keyRange: first.keyRange,
      value: { kind: 'mapping', entries: children, range: first.range, path: `omniauth.${head}` },
      range: first.range,
    });
  }
  if (top.length === 0) return null;
  const first = top[0];
  if (!first) return null;
  return { kind: 'mapping', entries: top, range: first.range, path: 'omniauth' };
}

function settingsFindings(model: OmniauthModel): SchemaFinding[] {
  const mapping = settingsMapping(model);
  if (!mapping) return [];
  return schemaFindings(bundledSchema('settings'), mapping).filter((f) => !explainedElsewhere(f, mapping));
}

function providerFindings(model: OmniauthModel): SchemaFinding[] {
  if (!model.providers || providersShapeProblem(model)) return [];
  return model.providers.flatMap((item) =>
    schemaFindings(bundledSchema('provider'), item.value).filter((f) => !explainedElsewhere(f, item.value)),
  );
}


/** Findings that a more specific check reports with a better message. */
function explainedElsewhere(f: SchemaFinding, root: ConfigValue): boolean {
  const value = valueAtPath(root, f.path);
  const key = f.path.split('.').pop() ?? '';
  const argsPath = root.path === '' ? 'args' : `${root.path}.args`;
  if (f.keyword === 'type' && f.path === argsPath && root.kind === 'mapping') return true;
  if (f.keyword === 'type' && value && isBooleanLikeString(value) && expectsBoolean(f)) return true;
  if ((f.keyword === 'pattern' || f.keyword === 'format') && value && placeholderIn(value, key) !== null) return true;
  return false;
}
