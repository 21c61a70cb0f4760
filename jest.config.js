// Tests run as native ESM (the @actions packages are ESM-only); swc strips
// types, and the `.js` suffixes of NodeNext imports map back to `.ts` files.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }]
  },
  testTimeout: 60000,
  // The e2e tests run dist/: build it from the sources before any test.
  globalSetup: '<rootDir>/__tests__/helpers/build-dist.js',
  reporters: ['default', '<rootDir>/__tests__/helpers/count-reporter.js']
}
