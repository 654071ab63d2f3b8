import path from 'node:path';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { projectRoot } from '../../../src/config/project-root.js';
import { compileNinjsSchema, STANDALONE_VALIDATOR } from '../../../src/ninjs/ninjs-schema.js';
import { PermanentError } from '../../../src/errors/index.js';
import { runFixture } from '../../helpers/fixture-pipeline.js';

// the build (npm test runs it first) writes the standalone validator into dist/
const generated = createRequire(import.meta.url)(path.join(projectRoot, 'dist/src/ninjs', STANDALONE_VALIDATOR)) as ValidateFunction;
const compiled = compileNinjsSchema().validate;

const verdict = (validate: ValidateFunction, doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

describe('the ninjs validator generated at build time', () => {
  const { envelope } = runFixture('text/harbour-fire.txt');
  const valid = envelope.ninjs as unknown as Record<string, unknown>;
  const cases: Array<[string, unknown]> = [
    ['a document the pipeline built', valid],
    ['a bad date-time', { ...valid, versioncreated: 'Tuesday' }],
    ['a uri that is not one', { ...valid, uri: 'not a uri' }],
    ['a missing required field', Object.fromEntries(Object.entries(valid).filter(([k]) => k !== 'uri'))],
    ['a property of the wrong type', { ...valid, headlines: 'a string, not a list' }],
    ['an unknown top-level property', { ...valid, notNinjs: true }],
  ];

  test.each(cases)('agrees with the schema compiled at run time on %s', (_name, doc) => {
    expect(verdict(generated, doc)).toEqual(verdict(compiled, doc));
  });

  test('accepts the built document and refuses a broken one', () => {
    expect(verdict(generated, valid)).toEqual([]);
    expect(verdict(generated, { ...valid, versioncreated: 'Tuesday' })).not.toEqual([]);
  });
});

describe('PermanentError', () => {
  test("is BullMQ's UnrecoverableError, the class its workers test for, so a permanent failure is not retried", async () => {
    const { UnrecoverableError } = await import('bullmq');
    expect(new PermanentError('MALFORMED', 'broken')).toBeInstanceOf(UnrecoverableError);
  });
});
