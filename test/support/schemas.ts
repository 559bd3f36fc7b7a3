/**
 * The repository's JSON Schemas compiled for tests: ajv 2020 with formats, strict, `refs` added
 * first so that `$ref`s between the schema files resolve.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { repoPath } from './paths.js';

function readSchema(name: string): object {
  return JSON.parse(readFileSync(repoPath(`schema/${name}.schema.json`), 'utf8')) as object;
}

/** A validator of `schema/<name>.schema.json`, with `schema/<ref>.schema.json` for each of `refs`. */
export function compileSchema(name: string, refs: readonly string[] = []): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  addFormats.default(ajv);
  for (const ref of refs) ajv.addSchema(readSchema(ref));
  return ajv.compile(readSchema(name));
}
