/** Builds one Operation with every field of the JSON contract present (absent ones `null`). */
import type { SourceRef } from '../config/types.js';
import type { Operation, OperationKind } from './types.js';

/** An Operation of `kind`; fields not given are `null`. */
export function makeOperation(
  kind: OperationKind,
  fields: Partial<Omit<Operation, 'kind'>>,
): Operation {
  return {
    kind,
    email: fields.email ?? null,
    user_id: fields.user_id ?? null,
    service_account: fields.service_account ?? null,
    role: fields.role ?? null,
    quota: fields.quota ?? null,
    from: fields.from ?? null,
    to: fields.to ?? null,
    source: fields.source ?? null,
  };
}

/** The `{file, line}` an operation cites, from where its entry was declared. */
export function sourceOf(ref: SourceRef): { file: string; line: number } {
  return { file: ref.file, line: ref.line };
}
