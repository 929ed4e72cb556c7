const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // Build outputs hold copies of the libs' package.json: not modules for jest to map.
  modulePathIgnorePatterns: ['<rootDir>/(.*/)?dist/'],
};

/**
 * unit: our own code, no services. integration: real PostgreSQL, RabbitMQ and Elasticsearch,
 * and the built apps as processes (run `npm run build` first; `npm test` does).
 */
module.exports = {
  // A global option: per project, Jest ignores it.
  testSequencer: '<rootDir>/test/sequencer.cjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/setup-unit.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      slowTestThreshold: 60,
      // In-process Nest logs go to files; a failure says where (test/environment.ts).
      testEnvironment: '<rootDir>/test/environment.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup-logs.ts'],
    },
    // Not part of `npm test`: `npm run bench` and `npm run chaos`.
    { ...shared, displayName: 'bench', testMatch: ['<rootDir>/bench/**/*.bench.ts'] },
    { ...shared, displayName: 'chaos', testMatch: ['<rootDir>/chaos/**/*.chaos.ts'] },
  ],
};
