import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../src/render/render-plan.js';
import { cleanPlan, samplePlan } from './plan-sample.js';

describe('renderPlan text', () => {
  const plan = samplePlan();
  const text = renderPlan(plan, { format: 'text', color: false, file: 'group.yaml' });
  const lines = text.split('\n');

  it('has a header naming the group and the file', () => {
    expect(lines[0]).toBe('gti-sync plan for group acme_soc from group.yaml');
  });

  it('prints one line per operation, with +, ~ or -, the change and the file location', () => {
    const opLines = lines.filter((l) => /^ {2}[+~-] /.test(l));
    expect(opLines).toHaveLength(plan.operations.length);
    expect(opLines.map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      '+ add_member erin@acme.example group.yaml:55',
      '+ create_service_account service account threat_feed group.yaml:64',
      '+ grant_role erin@acme.example private_scanning group.yaml:55',
      '~ set_quota service account threat_feed api_requests_daily: none → 20000 group.yaml:64',
      '~ set_quota bob@acme.example api_requests_daily: 1000 → 5000 group.yaml:38',
      '~ set_quota erin@acme.example api_requests_daily: none → 1000 group.yaml:55',
      '- revoke_role mallory@acme.example admin group.yaml:45',
      '- remove_member oscar@acme.example (user oscar)',
      '- remove_member pete@acme.example (user pete)',
    ]);
  });

  it('aligns the columns', () => {
    const opLines = lines.filter((l) => /^ {2}[+~-] /.test(l));
    const column = (l: string) => l.indexOf('group.yaml');
    const located = opLines.filter((l) => l.includes('group.yaml'));
    expect(new Set(located.map(column)).size).toBe(1);
  });

  it('lists findings and marks safety failures, saying which one --force passes', () => {
    expect(text).toContain('Findings (no operation can fix these):');
    expect(text).toMatch(/! no_2fa +carol@acme\.example/);
    expect(text).toMatch(/! pending_invitation +gina@acme\.example/);
    expect(text).toMatch(/! undeclared_service_account +service account old_scanner/);
    expect(text).toContain('Safety failures: apply will refuse this plan');
    expect(text).toMatch(/✗ TOO_MANY_REMOVALS: .*\(--force passes this one\)/);
  });

  it('ends with the summary line and the fingerprint', () => {
    expect(lines.at(-3)).toBe('Plan: 2 to add, 1 to change, 3 to remove.');
    expect(lines.at(-2)).toBe(`Fingerprint: ${plan.fingerprint}`);
    expect(lines.at(-1)).toBe('');
  });

  it('says there are no changes for a clean plan', () => {
    const clean = renderPlan(cleanPlan(), { format: 'text', color: false });
    expect(clean).toContain('No changes. The group matches the file.');
    expect(clean).not.toContain('Operations');
    expect(clean).not.toContain('Safety');
  });

  it('uses ANSI colour only when asked', () => {
    expect(text).not.toContain('\u001b[');
    const colored = renderPlan(plan, { format: 'text', color: true });
    expect(colored).toContain('\u001b[32m+\u001b[0m');
    expect(colored).toContain('\u001b[33m~\u001b[0m');
    expect(colored).toContain('\u001b[31m-\u001b[0m');
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
    expect(colored.replace(ansi, '')).toBe(renderPlan(plan, { format: 'text', color: false }));
  });
});
