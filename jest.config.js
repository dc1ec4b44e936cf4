// Two Jest projects on one ESM setup (as in actions/typescript-action): ts-jest compiles TypeScript as ES
// modules, and the ".js" suffixes NodeNext requires are mapped back to the .ts sources.
//   unit: __tests__/unit/** mirrors src/ and loads the sources in-process.
//   e2e:  __tests__/e2e/** spawns the bundled dist/ as the runner does; its globalSetup rebuilds dist/ first so
//         that it never tests a stale bundle (E2E_SKIP_BUILD=1 tests dist/ as it is, as .ci/run does).
// Shared code lives in __tests__/fakes/ and __tests__/harness/, outside both roots.
const shared = {
  clearMocks: true,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: ['TS151001'] } }]
  }
}

export default {
  verbose: false,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/__tests__/unit'], testTimeout: 30000 },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/__tests__/e2e'],
      globalSetup: '<rootDir>/__tests__/harness/build-dist.ts',
      testTimeout: 60000
    }
  ]
}
