import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { QUOTA_NAMES } from '../../src/model/quotas.js';
import { ROLES } from '../../src/model/roles.js';

const schema = JSON.parse(readFileSync('schema/group.schema.json', 'utf8'));

describe('schema/group.schema.json', () => {
  it('is a JSON Schema 2020-12 document with an $id that compiles in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/^https:\/\/.+\/group\.schema\.json$/);
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('lets quotas be exactly the QUOTA_NAMES, as non-negative integers', () => {
    expect(Object.keys(schema.$defs.quotas.properties).sort()).toEqual([...QUOTA_NAMES].sort());
    expect(schema.$defs.cap).toMatchObject({ type: 'integer', minimum: 0 });
  });

  it('knows exactly the ROLES, each at most once, for members and service accounts', () => {
    expect(schema.$defs.role.enum).toEqual([...ROLES]);
    for (const entry of [schema.$defs.member, schema.$defs.serviceAccount]) {
      expect(entry.properties.roles.items).toEqual({ $ref: '#/$defs/role' });
      expect(entry.properties.roles.uniqueItems).toBe(true);
    }
  });

  it('rejects unknown keys in every object', () => {
    const objects: unknown[] = [];
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      if ((node as { type?: unknown }).type === 'object') objects.push(node);
      Object.values(node).forEach(walk);
    };
    walk(schema);
    // The one map keyed by the user's names (`teams`) takes any key; its values are closed.
    const teams = schema.properties.teams;
    expect(teams.additionalProperties).toEqual({ $ref: '#/$defs/team' });
    objects.splice(objects.indexOf(teams), 1);
    expect(objects.length).toBeGreaterThanOrEqual(6);
    for (const object of objects) expect(object).toMatchObject({ additionalProperties: false });
  });

  it('accepts the example as editors would read it (plain yaml + ajv)', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(parse(readFileSync('examples/group.yaml', 'utf8')))).toBe(true);
  });

  it('gives every property a title or description for editors', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const properties = (node as { properties?: Record<string, unknown> }).properties;
      for (const [key, value] of Object.entries(properties ?? {})) {
        const v = value as { title?: string; description?: string; $ref?: string };
        if (!v.title && !v.description && !v.$ref) missing.push(`${path}.${key}`);
        walk(value, `${path}.${key}`);
      }
      for (const [key, value] of Object.entries((node as { $defs?: object }).$defs ?? {}))
        walk(value, key);
      walk((node as { items?: unknown }).items, `${path}[]`);
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });
});
