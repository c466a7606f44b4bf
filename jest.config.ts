import type { Config } from 'jest';

const moduleNameMapper = {
  '^@ensemble/(.*)$': '<rootDir>/libs/$1/src',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }],
};
const base = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform,
  setupFiles: ['reflect-metadata'],
};

/**
 * Three tiers (STYLE.md §9): small specs beside the code, medium tests against the real
 * Postgres and RabbitMQ, large tests that start the fleet as processes.
 */
const projects = [
  { ...base, displayName: 'small', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
  { ...base, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.test.ts'] },
  { ...base, displayName: 'large', testMatch: ['<rootDir>/test/large/**/*.test.ts'] },
];

// StrykerJS cannot pass --selectProjects to Jest, so `npm run test:mutation` names the tier here.
const only = process.env.JEST_PROJECT;

const config: Config = {
  projects: only ? projects.filter((p) => p.displayName === only) : projects,
};

export default config;
