// Validates ninjs against the official IPTC ninjs 2.2 JSON Schema (schemas/): with the standalone validator the
// build generated from it (no schema compile at start-up), or compiled once with Ajv where that is missing.
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { compileNinjsSchema, standaloneValidator } from './ninjs-schema.js';

let validator: ValidateFunction | undefined;

/** The problems that make `ninjs` invalid, as readable strings; empty when it is valid. */
export function ninjsProblems(ninjs: unknown): string[] {
  validator ??= standaloneValidator() ?? compileNinjsSchema().validate;
  if (validator(ninjs)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
