/**
 * The settings table's defaults against GitLab's own material.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS, settingByName } from '../../src/model/settings.js';

const TEMPLATE = readFileSync(new URL('../../../shared/corpus/omnibus/gitlab.rb.template', import.meta.url), 'utf8');

describe('Rails defaults', () => {
  it('cas3.session_duration defaults to 8 hours in seconds, as GitLab sets it where CAS exists', () => {
    expect(settingByName('cas3.session_duration')?.railsDefault).toBe(8 * 60 * 60);
  });

  // gitlab.rb.template shows each integer setting commented out at the value GitLab uses without it.
  it.each(SETTINGS.filter((s) => s.type === 'integer').map((s) => [s.name, s] as const))('%s matches the default gitlab.rb.template shows', (_, spec) => {
    const shown = new RegExp(`^# gitlab_rails\\['${spec.omnibusKey}'\\] = (\\d+)$`, 'm').exec(TEMPLATE)?.[1];
    expect(shown).toBeDefined();
    expect(spec.railsDefault).toBe(Number(shown));
  });
});
