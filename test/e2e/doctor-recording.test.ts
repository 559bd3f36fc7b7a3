/**
 * `doctor --record`'s sanitiser (src/engine/doctor-recording.ts), on hand-made answers: what is
 * replaced, what is kept, and that placeholders are stable across one recording.
 */
import { describe, expect, it } from 'vitest';
import { sanitizeRecording } from '../../src/engine/doctor-recording.js';

const MEMBERS = {
  data: [
    {
      type: 'user',
      id: 'amy',
      links: { self: 'https://www.virustotal.com/api/v3/users/amy' },
      attributes: {
        email: 'Amy@Lab.example',
        first_name: 'Amy',
        last_name: 'Pond',
        apikey: 'k3y-amy-0123456789',
        status: 'active',
      },
      context_attributes: { roles: ['USER_ROLE_GROUP_ADMIN'] },
    },
  ],
  meta: { cursor: 'CURSOR-abc' },
  links: { next: 'https://www.virustotal.com/api/v3/groups/g/users?limit=40&cursor=CURSOR-abc' },
};

const LOG = {
  data: [
    {
      type: 'activity_log_entry',
      id: 'e1',
      attributes: {
        action: 'Add user to group',
        ip: '198.51.100.7',
        info: { user: 'amy@lab.example' },
        note: 'done by amy from 198.51.100.7 for amygdala',
      },
      relationships: { user: { data: { type: 'user', id: 'amy' } } },
    },
  ],
};

describe('sanitizeRecording', () => {
  const [members, log] = sanitizeRecording([
    {
      file: 'members',
      route: '/groups/{gid}/users',
      query: { limit: '40' },
      status: 200,
      body: MEMBERS,
    },
    {
      file: 'log',
      route: '/groups/{gid}/activity_log_entries',
      query: { cursor: 'x' },
      status: 200,
      body: LOG,
    },
  ]);
  const text = JSON.stringify([members, log]);

  it('replaces keys, emails, names, ids, IPs and cursors', () => {
    for (const secret of [
      'k3y-amy',
      'Lab.example',
      'lab.example',
      'Pond',
      'CURSOR-abc',
      '198.51.100.7',
    ])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/(?<![A-Za-z0-9_])amy(?![A-Za-z0-9_])/i);
    expect(log?.content.request.query).toEqual({ cursor: '<cursor>' });
  });

  it('keeps the vocabulary and words that merely contain an id', () => {
    expect(text).toContain('USER_ROLE_GROUP_ADMIN');
    expect(text).toContain('Add user to group');
    expect(text).toContain('"active"');
    expect(text).toContain('amygdala');
  });

  it('one value, one placeholder, across answers and letter case', () => {
    const body = members?.content.body as typeof MEMBERS;
    const entry = (log?.content.body as typeof LOG).data[0];
    const id = body.data[0]?.id;
    expect(id).toMatch(/^<user-\d+>$/);
    expect(entry?.relationships.user.data.id).toBe(id);
    expect(body.data[0]?.links.self).toBe(`https://www.virustotal.com/api/v3/users/${id}`);
    expect(entry?.attributes.info.user).toBe(body.data[0]?.attributes.email);
    expect(body.links.next).toContain(`cursor=${body.meta.cursor}`);
    expect(entry?.attributes.note).toBe(`done by ${id} from ${entry?.attributes.ip} for amygdala`);
  });
});
