// Jest runs the TypeScript sources directly through ts-jest in ESM mode (unified's packages are ESM-only).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // ESM-only packages that CommonJS dependencies (fastify inject, @fastify/static) require(): see the shim
    '^(cookie|content-disposition)$': '<rootDir>/test/support/cjs/$1.cjs',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  reporters: ['default', '<rootDir>/test/summary-reporter.mjs'],
  testTimeout: 60000,
  maxWorkers: 2,
};
