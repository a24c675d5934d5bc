// ESM mode: NestJS 12 ships ES modules only (see README, "Tests").
// Tiers (README, "Tests"): unit specs beside their code; medium specs (one component
// against real Postgres/Redis) in test/medium; the running apps in test/e2e by area;
// checks of committed files (deployment, dashboard) in test/files.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: [
    '<rootDir>/{apps,libs,scripts}/**/*.spec.ts',
    '<rootDir>/apps/vendor-sim/test/**/*.e2e-spec.ts',
    '<rootDir>/test/medium/**/*.medium-spec.ts',
    '<rootDir>/test/e2e/**/*.e2e-spec.ts',
    '<rootDir>/test/files/**/*.spec.ts',
  ],
  globalSetup: '<rootDir>/test/setup/global-setup.js',
  globalTeardown: '<rootDir>/test/setup/global-teardown.js',
  maxWorkers: 2,
  testTimeout: 30000,
};
