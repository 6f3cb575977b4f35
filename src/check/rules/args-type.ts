/**
 * `args-type`: a provider's `args` must be a mapping (options for the
 * strategy) or a list (positional arguments). GitLab silently ignores any
 * other type, so `args: "{ scope: 'api' }"` loses every option in it.
 */
import { valueAt } from '../../catalog/providers.js';
import type { Rule } from '../rule.js';
import { describeActual } from '../schema.js';
import { isText } from './shared.js';

/** A string that was meant as a mapping: `{ scope: 'x' }`, `scope: x`, `"scope" => "x"`. */
function looksLikeMapping(text: string): boolean {
  const t = text.trim();
  return /^\{[\s\S]*\}$/.test(t) || /^[A-Za-z_"':][\w"']*\s*(:\s|=>)/.test(t);
}

export const argsTypeRule: Rule = {
  meta: {
    id: 'args-type',
    severity: 'error',
    messages: {
      quotedMapping: '`args` is a string that looks like a mapping: GitLab ignores it and the strategy gets none of these options',
      notMapping: '`args` must be a mapping or a list, not {{actual}}: GitLab ignores it',
      empty: '`args` is empty: if the options follow on the next lines, indent them under `args:`',
    },
    docs: {
      description:
        'Checks that each provider\'s `args` is a mapping (the strategy\'s options) or a list (positional arguments), and warns about an empty `args:` whose options ended up beside it instead of under it.',
      why: 'GitLab passes `args` to the OmniAuth strategy only when it is a Hash or an Array; anything else is dropped without a message. A quoted `"{ scope: \'api\' }"` looks right and loses the scope, the issuer, the client options: sign-in then fails in ways that point elsewhere.',
      fix: 'Remove the quotes so `args` is a real mapping: `args: { scope: "api" }` in gitlab.rb, `args: { scope: \'api\' }` or an indented block in gitlab.yml.',
      url: 'https://docs.gitlab.com/integration/omniauth/',
    },
  },
  check(context) {
    for (const item of context.model.providers ?? []) {
      if (item.value.kind !== 'mapping') continue;
      const args = valueAt(item.value, 'args');
      if (!args) continue;
      switch (args.kind) {
        case 'mapping':
        case 'array':
        case 'ruby':
        case 'erb':
          continue;
        case 'null':
          // In gitlab.yml an empty `args:` is usually options indented too little; `args: nil` in gitlab.rb is written on purpose.
          if (context.model.format === 'source') context.report({ messageId: 'empty', range: args.range, path: args.path, severity: 'warning' });
          continue;
        default:
          if (isText(args) && looksLikeMapping(args.value)) {
            context.report({ messageId: 'quotedMapping', range: args.range, path: args.path, hint: 'remove the quotes around the mapping' });
          } else {
            context.report({ messageId: 'notMapping', data: { actual: describeActual(args) }, range: args.range, path: args.path });
          }
      }
    }
  },
};
