import { describe, expect, it } from 'vitest';
import { normalizeObject } from '../../src/api/shape.js';

describe('normalizeObject', () => {
  it('reads each quota in place: numbers kept, strings read, unreadable and __proto__ dropped', () => {
    const plain = { allowed: 10, used: 2 };
    const user = JSON.parse(
      JSON.stringify({
        type: 'user',
        id: 'u1',
        attributes: {
          email: null,
          quotas: {
            api_requests_daily: plain,
            api_requests_monthly: { allowed: '5000000000', used: '7' },
            private_scans_monthly: { allowed: 3, used: 1, note: 'extra' },
            intelligence_searches_monthly: { allowed: 'many', used: 1 },
          },
        },
      }).replace(
        '"intelligence_searches_monthly"',
        '"__proto__":{"allowed":1,"used":1},"intelligence_searches_monthly"',
      ),
    ) as { attributes: { quotas: Record<string, unknown> } };
    const kept = user.attributes.quotas['api_requests_daily'];
    normalizeObject(user);
    expect(user.attributes).not.toHaveProperty('email');
    expect(user.attributes.quotas['api_requests_daily']).toBe(kept);
    expect(Object.getPrototypeOf(user.attributes.quotas)).toBe(Object.prototype);
    expect(Object.keys(user.attributes.quotas)).toEqual([
      'api_requests_daily',
      'api_requests_monthly',
      'private_scans_monthly',
    ]);
    expect(user.attributes.quotas).toEqual({
      api_requests_daily: { allowed: 10, used: 2 },
      api_requests_monthly: { allowed: 5000000000, used: 7 },
      private_scans_monthly: { allowed: 3, used: 1 },
    });
  });
});

describe('normalizeObject: quota_limits', () => {
  it('drops an own __proto__ instead of setting the prototype', () => {
    const user = JSON.parse(
      '{"type":"user","id":"u1","attributes":{},"context_attributes":{"quota_limits":' +
        '{"__proto__":{"allowed":7},"api_requests_daily":{"allowed":"9"}}}}',
    ) as { context_attributes: { quota_limits: Record<string, unknown> } };
    normalizeObject(user);
    const limits = user.context_attributes.quota_limits;
    expect(Object.getPrototypeOf(limits)).toBe(Object.prototype);
    expect(limits).toEqual({ api_requests_daily: { allowed: 9 } });
    expect(Reflect.get(limits, 'allowed')).toBeUndefined();
  });
});
