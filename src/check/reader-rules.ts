/**
 * The findings the readers report themselves (they need the parse, not the
 * model), documented here so `explain` covers every rule id the tool prints.
 */
import type { ReaderRuleMeta } from './rule.js';

export const READER_RULES: readonly ReaderRuleMeta[] = [
  {
    id: 'ruby-syntax',
    reportedBy: 'reader',
    severity: 'error',
    messages: { syntax: '{{message}}' },
    docs: {
      description:
        'gitlab.rb (or a Ruby fragment) does not parse. Reported once per mistake, at the place of the mistake: a missing `,` is reported at the end of the line that needs it, not at the opening `{` that Ruby\'s parser names.',
      why: '`gitlab-ctl reconfigure` evaluates the whole file as Ruby: one syntax error stops every setting in it, not just OmniAuth. Copying from docs is the usual source; some GitLab docs examples are broken themselves.',
      fix: 'Fix the syntax at the reported line: add the missing `,` or `}`, use `=>` or `key:` (not `key =>` with a backtick key), remove `...` elisions copied from the docs.',
      url: 'https://docs.gitlab.com/omnibus/settings/configuration/',
    },
  },
  {
    id: 'invisible-character',
    reportedBy: 'reader',
    severity: 'error',
    messages: { invisible: '{{message}}' },
    docs: {
      description:
        'gitlab.rb (or the Ruby in a Docker Compose `GITLAB_OMNIBUS_CONFIG`) has an invisible character in its code, outside strings and comments: a byte-order mark (U+FEFF) after the start of the file, a zero width space (U+200B), zero width non-joiner or joiner (U+200C, U+200D), word joiner (U+2060) or soft hyphen (U+00AD). Reported at the character, naming it by code point.',
      why: 'Ruby reads every non-ASCII character as part of a name: `\u200Bgitlab_rails` is not `gitlab_rails`, so `gitlab-ctl reconfigure` fails on an undefined method, and a hash key `na\u00ADme:` is a key GitLab never reads. Editors show the name as if it were the real one.',
      fix: 'Delete the character, or retype the name around it. A byte-order mark at the very start of the file is fine; inside string values and comments these characters are left alone.',
    },
  },
  {
    id: 'yaml-syntax',
    reportedBy: 'reader',
    severity: 'error',
    messages: { syntax: '{{message}}' },
    docs: {
      description:
        'gitlab.yml (or a YAML or JSON fragment) does not parse. The common cases get a hint: `=>` pasted from gitlab.rb, a missing comma in a `{ ... }` mapping, tab indentation, a list item or `args:` block indented less than its parent.',
      why: 'GitLab does not start with a gitlab.yml it cannot parse, and the YAML error names only a position, often lines after the real mistake.',
      fix: 'Fix the YAML at the reported line. In flow mappings separate pairs with `,`; use `key: value`, never `key => value`; indent with spaces only, children deeper than their parent.',
      url: 'https://docs.gitlab.com/install/installation/',
    },
  },
  {
    id: 'erb-control-flow',
    reportedBy: 'reader',
    severity: 'warning',
    messages: { control: '{{message}}' },
    docs: {
      description:
        'gitlab.yml contains ERB control code (`<% if ... %>`, `<% end %>`). GitLab runs ERB over gitlab.yml before parsing YAML, so such lines decide which YAML GitLab sees; the tool does not run Ruby and cannot know.',
      why: 'Settings inside an ERB condition may or may not apply: checks on them can be wrong in either direction.',
      fix: 'Prefer `<%= ENV[\'VAR\'] %>` values over ERB control flow around settings, so the file has one fixed shape.',
    },
  },
  {
    id: 'duplicate-key',
    reportedBy: 'reader',
    severity: 'warning',
    messages: { duplicate: '{{message}}' },
    docs: {
      description:
        'A mapping has the same key twice after normalization: `name:` and `"name" =>` in one Ruby Hash, or a YAML key repeated. GitLab turns symbol keys into strings, so both are the same key.',
      why: 'The last value wins and the first is silently dropped: an edit to the first one does nothing.',
      fix: 'Keep one of the two keys, with the value you want.',
    },
  },
  {
    id: 'overridden-assignment',
    reportedBy: 'reader',
    severity: 'warning',
    messages: { overridden: '{{message}}' },
    docs: {
      description: 'A setting is assigned more than once in gitlab.rb; only the last assignment counts.',
      why: 'gitlab.rb is evaluated top to bottom, so an earlier assignment is replaced entirely (a later `omniauth_providers = [...]` drops every provider listed before it). Long files collect such leftovers.',
      fix: 'Remove the earlier assignment, or merge both into the last one. To add to a list, use `<<` on purpose.',
    },
  },
  {
    id: 'conditional-assignment',
    reportedBy: 'reader',
    severity: 'warning',
    messages: { conditional: '{{message}}' },
    docs: {
      description: 'A setting is assigned inside `if`, `unless`, `case` or `begin`; the tool does not evaluate Ruby and cannot know whether it applies.',
      why: 'Checks and edits assume the assignment applies. If the condition is false on the server, GitLab runs with a different configuration than the one checked.',
      fix: 'Move the assignment out of the condition, or check the result on the server with `gitlab-ctl show-config`.',
    },
  },
  {
    id: 'opaque-value',
    reportedBy: 'reader',
    severity: 'info',
    messages: { opaque: '{{message}}' },
    docs: {
      description:
        'A value is a Ruby expression (`ENV[\'X\']`, `File.read(...)`, string interpolation, a constant) or an ERB expression that the tool keeps as written and does not evaluate.',
      why: 'Checks cannot see the value GitLab will use: a provider list built by a method call, for instance, is not checked at all.',
      fix: 'Nothing is wrong. Literal values get the full checks; `ENV[...]` for secrets is the recommended practice.',
    },
  },
  {
    id: 'helm-provider-secret',
    reportedBy: 'reader',
    severity: 'info',
    messages: { secret: '{{message}}' },
    docs: {
      description:
        'A Helm chart `omniauth.providers` item of the form `{secret: NAME, key: KEY}`: the provider block itself lives in a Kubernetes secret, not in this file.',
      why: 'The tool cannot see the block, so its settings are not checked here, and names in `allowSingleSignOn` and similar settings are not compared with the providers list.',
      fix: 'Nothing is wrong. Validate the secret\'s provider block on its own (save it as YAML or JSON and run `gitlab-omniauth validate provider.yml`).',
      url: 'https://docs.gitlab.com/charts/charts/globals/#omniauth',
    },
  },
  {
    id: 'helm-unused-secret',
    reportedBy: 'reader',
    severity: 'warning',
    messages: { unused: '{{message}}' },
    docs: {
      description:
        'A Kubernetes Secret manifest given to `validate` together with Helm chart values holds a provider block, but no `global.appConfig.omniauth.providers` item references it (`{secret: NAME, key: KEY}`).',
      why: 'The chart loads only the Secrets the values reference: the provider in this one never reaches GitLab, usually because of a typo in the name or key.',
      fix: 'Reference the Secret from `providers` (with `key:` when the block is not under `provider`), or delete it.',
      url: 'https://docs.gitlab.com/charts/charts/globals/#omniauth',
    },
  },
  {
    id: 'docker-multiple-services',
    reportedBy: 'reader',
    severity: 'info',
    messages: { skipped: '{{message}}' },
    docs: {
      description:
        'A Docker Compose file in which more than one service sets `GITLAB_OMNIBUS_CONFIG`. The first such service is read and checked; each other one gets this note at its variable.',
      why: 'Each service is a GitLab of its own: read together, one instance\'s providers would look like duplicates or overrides of the other\'s. The services after the first are not checked.',
      fix: 'Nothing is wrong. To check another service\'s settings, save the value of its `GITLAB_OMNIBUS_CONFIG` as a `.rb` file and run `gitlab-omniauth validate` on it.',
      url: 'https://docs.gitlab.com/install/docker/configuration/#pre-configure-docker-container',
    },
  },
  {
    id: 'missing-environment',
    reportedBy: 'reader',
    severity: 'warning',
    messages: { missing: '{{message}}' },
    docs: {
      description: 'The gitlab.yml has no section for the environment being read (`production` unless `--env` names another).',
      why: 'GitLab reads only the section named after `RAILS_ENV`; settings under other sections do not apply to it.',
      fix: 'Put the settings under the section GitLab runs as, or choose the section with `--env NAME`.',
    },
  },
  {
    id: 'misplaced-setting',
    reportedBy: 'reader',
    severity: 'warning',
    messages: { misplaced: '{{message}}' },
    docs: {
      description:
        'An OmniAuth setting written where GitLab does not read it. gitlab.yml: `providers`, `allow_single_sign_on` and the other settings at the top level, directly under the environment section (`production:`) or under `gitlab:` instead of `omniauth:`; an `omniauth:` section outside the environment, nested under `gitlab:` or misspelled; a provider\'s `app_id`, `app_secret`, `args` or `label` directly under `omniauth:` (also in chart values) instead of in a `providers` entry. gitlab.rb: `gitlab_rails[\'providers\']` and the like without the `omniauth_` prefix, `gitlab_rails[\'omniauth\']` as one hash, or `omniauth_providers` on another object (`gitlab[...]`, `gitlab_workhorse[...]`). An error when the misplaced key holds the providers and GitLab finds none where it reads them, since sign-in then has no provider at all.',
      why: 'GitLab ignores keys it does not look for without a word: the file looks configured, `gitlab-ctl reconfigure` or a restart succeeds, and the sign-in page does not change.',
      fix: 'Move the key to the place the message names: under `<env>.omniauth:` in gitlab.yml (one level deeper than `omniauth:`), into a provider entry for provider keys, or `gitlab_rails[\'omniauth_<setting>\']` in gitlab.rb.',
      url: 'https://docs.gitlab.com/integration/omniauth/#configure-common-settings',
    },
  },
  {
    id: 'unrenderable-value',
    reportedBy: 'renderer',
    severity: 'error',
    messages: { unrenderable: '{{message}}' },
    docs: {
      description:
        'A value cannot be written in the target format: a Ruby expression (other than `ENV[...]`) into gitlab.yml, an ERB expression (other than `<%= ENV[...] %>`) into gitlab.rb, a float that is not finite, an invalid environment variable name.',
      why: 'Writing it anyway would change its meaning: gitlab.yml cannot run Ruby, and gitlab.rb does not run ERB.',
      fix: 'Give the value as a literal, or keep the secret in an environment variable and pass it with `--app-secret-env VAR`.',
    },
  },
];
