// Validates ninjs against the official IPTC ninjs 2.2 JSON Schema (schemas/), compiled once with Ajv.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { projectRoot } from '../config/load-config.js';

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(path.join(projectRoot, 'schemas', 'ninjs-schema_2.2.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  // places may carry GeoJSON geometry, which the schema references by URL; copydesk never writes geometry,
  // and validation must not fetch anything, so the reference resolves to "any object"
  ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
  return ajv.compile(schema);
}

/** The problems that make `ninjs` invalid, as readable strings; empty when it is valid. */
export function ninjsProblems(ninjs: unknown): string[] {
  validator ??= compile();
  if (validator(ninjs)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
