/**
 * Findings are redacted against the secret words of their text: the text is
 * scanned for them only when there are findings, and once for the reader's
 * and the checks' findings of one file.
 */
import { describe, expect, it, vi } from 'vitest';

const scanned = vi.hoisted(() => ({ texts: [] as string[] }));

vi.mock('../../src/model/secret-text.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/model/secret-text.js')>();
  class CountedSecretWords extends original.SecretWords {
    constructor(source: string) {
      super(source);
      scanned.texts.push(source);
    }
  }
  return { ...original, SecretWords: CountedSecretWords };
});

const { validateText } = await import('../../src/validate.js');

describe('redacting findings', () => {
  it('does not scan a text without findings for secrets', async () => {
    scanned.texts.length = 0;
    const text = "gitlab_rails['omniauth_enabled'] = true\ngitlab_rails['omniauth_block_auto_created_users'] = true\n";
    const { diagnostics } = await validateText(text, { file: 'gitlab.rb' });
    expect(diagnostics).toEqual([]);
    expect(scanned.texts).toEqual([]);
  });

  it('scans a text once for its reader and check findings, and still masks its secrets in them', async () => {
    scanned.texts.length = 0;
    const text = [
      "gitlab_rails['omniauth_enabled'] = true",
      "gitlab_rails['omniauth_enabled'] = false",
      "gitlab_rails['omniauth_allow_single_sign_on'] = ['google']",
      "gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x', app_secret: 'Sup3rSecretValue' }]",
      '',
    ].join('\n');
    const { diagnostics } = await validateText(text, { file: 'gitlab.rb' });
    const rules = diagnostics.map((d) => d.rule);
    expect(rules).toContain('overridden-assignment');
    expect(rules).toContain('unknown-provider-reference');
    expect(scanned.texts).toEqual([text]);
    expect(JSON.stringify(diagnostics)).not.toContain('Sup3rSecretValue');
  });
});
