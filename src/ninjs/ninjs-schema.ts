// The IPTC ninjs 2.2 JSON Schema (schemas/) compiled with Ajv: at build time into standalone code
// (scripts/build-ninjs-validator.mjs), at run time only where that code is missing (tests run the sources).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv2020 as Ajv2020Class, Options, ValidateFunction } from 'ajv/dist/2020.js';
import { projectRoot } from '../config/project-root.js';

const require = createRequire(import.meta.url);

/** Compiles the schema; `options` adds Ajv options (the build passes `code: { source: true }`). */
export function compileNinjsSchema(options: Options = {}): { ajv: Ajv2020Class; validate: ValidateFunction } {
  // required here, not imported: Ajv and its compiler are only loaded when there is no standalone validator
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as (ajv: Ajv2020Class) => void;
  const schema = JSON.parse(fs.readFileSync(path.join(projectRoot, 'schemas', 'ninjs-schema_2.2.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false, ...options });
  addFormats(ajv);
  // places may carry GeoJSON geometry, which the schema references by URL; copydesk never writes geometry,
  // and validation must not fetch anything, so the reference resolves to "any object"
  ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
  return { ajv, validate: ajv.compile(schema) };
}

/** Where the build writes the standalone validator: beside this module in dist/. */
export const STANDALONE_VALIDATOR = 'ninjs-schema-validator.cjs';

/** The validator the build generated, or undefined where there is none (the sources run by the tests). */
export function standaloneValidator(): ValidateFunction | undefined {
  try {
    return require(`./${STANDALONE_VALIDATOR}`) as ValidateFunction;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}
