/**
 * GitHub Actions workflow commands, escaped as the runner decodes them:
 * https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { escapeData, escapeProperty, formatGithubCommand } from '../../src/report/github.js';

const range = { start: { offset: 10, line: 3, column: 5 }, end: { offset: 20, line: 4, column: 2 } };

function command(d: Partial<Diagnostic>, relativePath = 'config/gitlab.rb'): string {
  const diagnostic: Diagnostic = { rule: 'ruby-syntax', severity: 'error', message: 'm', file: relativePath, range, ...d };
  return formatGithubCommand({ diagnostic, relativePath, fingerprint: 'f' });
}

describe('github reporter', () => {
  it('writes ::error file=F,line=L,col=C,endLine=..,endColumn=..,title=RULE::message', () => {
    expect(command({ message: 'missing `,` at the end of line 6' })).toBe(
      '::error file=config/gitlab.rb,line=3,col=5,endLine=4,endColumn=2,title=ruby-syntax::missing `,` at the end of line 6',
    );
  });

  it('maps warning to ::warning and info to ::notice', () => {
    expect(command({ severity: 'warning' })).toMatch(/^::warning /);
    expect(command({ severity: 'info' })).toMatch(/^::notice /);
  });

  it('escapes % CR LF in the message, and also , and : in properties', () => {
    expect(escapeData('100% a\r\nb: c, d')).toBe('100%25 a%0D%0Ab: c, d');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
    const line = command({ message: 'x\ny' }, 'dir,1/a:b.rb');
    expect(line).toBe('::error file=dir%2C1/a%3Ab.rb,line=3,col=5,endLine=4,endColumn=2,title=ruby-syntax::x%0Ay');
    expect(line.split('\n')).toHaveLength(1);
  });

  it('puts a finding without a place on line 1', () => {
    expect(command({ range: null })).toBe('::error file=config/gitlab.rb,line=1,title=ruby-syntax::m');
  });

  it('adds the hint to the message as the text reporter does', () => {
    expect(command({ message: 'unknown', hint: 'did you mean `saml`?' })).toMatch(/::unknown \(did you mean `saml`\?\)$/);
  });
});
