/**
 * `explain [RULE]`: what a check means, why it matters and how to fix it;
 * without a rule, the list of every check.
 */
import type { Argv } from 'yargs';
import { EXIT_OK, UsageError, type CliIO } from '../io.js';

export function registerExplain(y: Argv, io: CliIO, done: (code: number) => void): Argv {
  return y.command(
    'explain [rule]',
    'Explain a check (what it finds, why it matters, how to fix it); without RULE, list every check',
    (c) =>
      c
        .positional('rule', { type: 'string', describe: 'Rule id as printed by validate, e.g. callback-mismatch' })
        .example('$0 explain', 'List every check')
        .example('$0 explain callback-mismatch', 'What callback-mismatch means and how to fix it'),
    async (args) => {
      // The rule docs import every rule: load them only for this command.
      const { explainRule, listRules, similarRuleIds } = await import('../../catalog/rule-docs.js');
      if (args.rule === undefined) {
        io.stdout(listRules());
        done(EXIT_OK);
        return;
      }
      const text = explainRule(args.rule);
      if (text === undefined) {
        const similar = similarRuleIds(args.rule);
        const hint = similar.length > 0 ? `; did you mean ${similar.map((s) => `\`${s}\``).join(' or ')}?` : '';
        throw new UsageError(`unknown rule \`${args.rule}\`${hint} (gitlab-omniauth explain lists them all)`);
      }
      io.stdout(text);
      done(EXIT_OK);
    },
  );
}
