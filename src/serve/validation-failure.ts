/**
 * validationFailure: turns the first error ajv reports on a request body into the service's 400
 * answer — which field (a JSON Pointer into the body, RFC 6901, e.g. `/rows/0/age`) and why, in
 * words a client developer can act on without reading the schema.
 */

/** The parts of an ajv error object this needs (ajv's ErrorObject has them all). */
export interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string | undefined;
}

/** A 400 answer's body. */
export interface ValidationFailure {
  readonly error: string;
  /** JSON Pointer of the offending part of the body ('' is the whole body). */
  readonly field: string;
  readonly reason: string;
}

/**
 * Describes the first schema error.
 *
 * @param errors ajv's errors (the first one is used; ajv stops at the first by default).
 * @example
 * validationFailure([{ instancePath: '/rows/0', keyword: 'required', params: { missingProperty: 'age' } }]);
 * // { error: "invalid request body: /rows/0/age: is required (use null for a missing value)", field: '/rows/0/age', reason: … }
 */
export function validationFailure(errors: readonly SchemaError[] | null | undefined): ValidationFailure {
  const first = errors?.[0];
  if (first === undefined) return { error: 'invalid request body', field: '', reason: 'does not fit the schema' };
  const { field, reason } = describe(first);
  return { error: `invalid request body: ${field === '' ? 'the body' : field}: ${reason}`, field, reason };
}

function describe(e: SchemaError): { field: string; reason: string } {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return { field: `${e.instancePath}/${pointerToken(p['missingProperty'])}`, reason: e.instancePath === '' ? 'is required' : 'is required (use null for a missing value)' };
    case 'additionalProperties':
      return { field: `${e.instancePath}/${pointerToken(p['additionalProperty'])}`, reason: 'is not an input of this model' };
    case 'type':
      return { field: e.instancePath, reason: `must be ${String(p['type']).split(',').join(' or ')}` };
    case 'minItems':
      return { field: e.instancePath, reason: `must hold at least ${String(p['limit'])} item(s)` };
    case 'maxItems':
      return { field: e.instancePath, reason: `must hold at most ${String(p['limit'])} items; split the request` };
    case 'minLength':
      return { field: e.instancePath, reason: p['limit'] === 1 ? 'must not be empty' : `must be at least ${String(p['limit'])} characters long` };
    case 'minimum':
    case 'maximum':
      return { field: e.instancePath, reason: `must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p['limit'])}` };
    case 'maxLength':
      return { field: e.instancePath, reason: `must be at most ${String(p['limit'])} characters long` };
    default:
      return { field: e.instancePath, reason: e.message ?? `fails '${e.keyword}'` };
  }
}

/** Escapes a property name as a JSON Pointer token (`~` → `~0`, `/` → `~1`). */
function pointerToken(name: unknown): string {
  return String(name).replace(/~/g, '~0').replace(/\//g, '~1');
}
