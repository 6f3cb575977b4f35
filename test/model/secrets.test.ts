import { describe, expect, it } from 'vitest';
import { findSecretSpans, maskSecretText, SecretWords } from '../../src/model/secret-text.js';
import { isSecretKey, maskExpressionLiterals, maskUrlUserinfo } from '../../src/model/secrets.js';
import { valueToJson } from '../../src/model/to-json.js';

describe('isSecretKey', () => {
  it.each([
    'app_secret', 'client_secret', 'shared_secret', 'secret', 'password', 'smtp_password', 'passphrase', 'token', 'private_key',
    'secret_key', 'aws_secret_key', 'clientSecret', 'client-secret', 'CLIENT_SECRET', 'privateKey', 'access_key', 'secrets',
    'passwd', 'credentials', 'id_token_encryption_key', 'jwt_secret_base64', 'application_password', 'consumer_secret', ':app_secret',
  ])('%s is a secret', (key) => expect(isSecretKey(key)).toBe(true));

  // A NUL, a zero-width space or a byte-order mark in a key does not make its value less secret.
  it.each(['\0secret', '\u200bsecret', '\ufeffapp_secret', 'client\u200d_secret', '-0secret', 'app_2secret'])('%j is a secret', (key) => expect(isSecretKey(key)).toBe(true));

  // Any other character that is not a letter or digit separates words: a mistyped or escaped `app_secret`.
  it.each(['app^secret', '\\secret', 'app@secret', 'app/password', 'client#secret', 'auth~token'])('%j is a secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each(['app_id', 'client_id', 'name', 'label', 'token_url', 'secret_file', 'id_token_encryption_key_file', 'idp_cert_fingerprint', 'client_jwk_signing_key', 'key', 'tokens_enabled', 'password_authentication_enabled_for_web'])(
    '%s is not',
    (key) => expect(isSecretKey(key)).toBe(false),
  );
});

describe('maskExpressionLiterals', () => {
  it.each([
    ["ENV.fetch('X', 'fallback')", "ENV.fetch('X', '********')"],
    ['ENV["X"] || "default"', 'ENV["X"] || "********"'],
    ["ENV['X'] || 123456", "ENV['X'] || ********"],
    ["<%= ENV.fetch('X', 'fallback') %>", "<%= ENV.fetch('X', '********') %>"],
    ["abc<%= ENV['X'] %>", "********<%= ENV['X'] %>"],
    ["'abc' + 'def'", '********'],
    ['<<~EOS\n  abc\nEOS', '********'],
  ])('%s', (source, masked) => expect(maskExpressionLiterals(source)).toBe(masked));
});

describe('maskUrlUserinfo', () => {
  it('masks the password, keeps the user', () => {
    expect(maskUrlUserinfo('see https://user:pa55@host/x and ldap://a:b@c')).toBe('see https://user:********@host/x and ldap://a:********@c');
    expect(maskUrlUserinfo('https://user@host/x https://host:8443/')).toBe('https://user@host/x https://host:8443/');
  });
});

describe('maskSecretText: every line, whatever the key and the parse state', () => {
  it.each([
    ["gitlab_rails['smtp_password'] = \"s3cr3t-smtp\"\n", "gitlab_rails['smtp_password'] = \"********\"\n"],
    ["  { 'app_secret' => 'abc', 'app_id' => 'id' },\n", "  { 'app_secret' => '********', 'app_id' => 'id' },\n"],
    ['  "clientSecret": "abc",\n', '  "clientSecret": "********",\n'],
    ['app_secret: abc def # comment\n', 'app_secret: ******** # comment\n'],
    ['- { name: x, app_secret: abc, app_id: y }\n', '- { name: x, app_secret: ********, app_id: y }\n'],
    ['app_secret: "unterminated,\n  next: line\n', 'app_secret: ********\n  ********\n'],
    ['app_secret: |\n  line one\n  line two\nnext: 1\n', 'app_secret: ********\n  ********\n  ********\nnext: 1\n'],
    ['app_secret:\n  nested: value\nnext: 1\n', 'app_secret:\n  ********\nnext: 1\n'],
    ['base: &s real-secret\napp_secret: *s\n', 'base: &s ********\napp_secret: *s\n'],
    ["app_secret: ENV.fetch('GH', 'fallback'),\n", "app_secret: ENV.fetch('GH', '********'),\n"],
    ["secret = <<~EOS\n  in a heredoc\nEOS\nx = 1\n", 'secret = ********\n  ********\nEOS\nx = 1\n'],
    ["external_url 'https://root:pw@gitlab.example.com'\n", "external_url 'https://root:********@gitlab.example.com'\n"],
    // A Helm chart providers item names a Kubernetes Secret: with its default key, alone or in a flow list.
    ['providers:\n  - secret: gitlab-saml\n', 'providers:\n  - secret: gitlab-saml\n'],
    ['providers: [{secret: gitlab-saml}, {name: kerberos}]\n', 'providers: [{secret: gitlab-saml}, {name: kerberos}]\n'],
    ['secret: gitlab-saml\n', 'secret: ********\n'],
    ["- secret: 'S3cr3t!value'\n", "- secret: '********'\n"],
    ['- {secret: abc, other: x}\n', '- {secret: ********, other: x}\n'],
  ])('%j', (text, masked) => expect(maskSecretText(text)).toBe(masked));

  it('keeps line ends (CRLF) and non-secret lines byte for byte', () => {
    const text = 'name: github\r\napp_secret: abc\r\napp_id: 12\r\n';
    expect(maskSecretText(text)).toBe('name: github\r\napp_secret: ********\r\napp_id: 12\r\n');
  });

  it('stays linear on a file of unterminated secrets', () => {
    const text = 'app_secret: "abc\n'.repeat(50_000);
    const started = performance.now();
    expect(findSecretSpans(text).length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('SecretWords: messages about a text never quote its secrets', () => {
  const source = "production:\n  omniauth:\n    providers:\n      - name: github\n        app_secret: \"abcdefghSECRET,\n";
  const words = new SecretWords(source);
  it.each([
    ['close the string "abcdefghSECRET with a quote', 'close the string "******** with a quote'],
    ['Block scalar header includes extra characters: |abcdefghSECRET,', 'Block scalar header includes extra characters: |********,'],
    ['add a comma before `abcdefgh...`', 'add a comma before `********...`'],
    ['…ghSECRET', '…********'],
    ['nothing secret about github here', 'nothing secret about github here'],
  ])('%s', (message, redacted) => expect(words.redact(message)).toBe(redacted));
});

describe('valueToJson: an expression the reader did not take apart', () => {
  const opaque = (source: string) => ({ kind: 'ruby', source }) as const;
  it('masks the secrets written inside it, at any key', () => {
    const source = '​ [{ name: "gitlab", app_id: "abc", app_secret: "s3cr3t-value", url: "https://u:pw@h" }]';
    const json = JSON.stringify(valueToJson(opaque(source) as never));
    expect(json).not.toContain('s3cr3t-value');
    expect(json).not.toContain('pw@');
    expect(json).toContain('app_id: \\"abc\\"');
  });
  it('shows it whole with --show-secrets', () => {
    expect(valueToJson(opaque('[{ app_secret: "s3cr3t-value" }]') as never, { showSecrets: true })).toEqual({ $ruby: '[{ app_secret: "s3cr3t-value" }]' });
  });
});

describe('maskSecretText: a YAML key that starts with a digit or a dash', () => {
  it('masks the value of `-0secret:` (a flipped byte in `- secret:`)', () => {
    expect(maskSecretText('providers:\n  -0secret: s3cr3t-value\n')).not.toContain('s3cr3t-value');
  });

  it('masks the value of a key after a control or invisible character (a zero-width space, a BOM, a NUL)', () => {
    for (const hidden of ['\u200b', '\ufeff', '\0']) {
      expect(maskSecretText(`  {\n    ${hidden}app_secret: "s3cr3t-value"\n  }\n`), JSON.stringify(hidden)).not.toContain('s3cr3t-value');
      expect(maskSecretText(`providers:\n  - app${hidden}secret: s3cr3t-value\n`), JSON.stringify(hidden)).not.toContain('s3cr3t-value');
    }
  });

  it('masks the value of a key after a stray character (`\\secret:`, `^secret:`)', () => {
    for (const stray of ['\\', '^', '@', '~']) {
      expect(maskSecretText(`global:\n  providers:\n    ${stray}secret: s3cr3t-value\n`), stray).not.toContain('s3cr3t-value');
    }
  });
});
