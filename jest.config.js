/**
 * `npm test`: the server suite against real NocoBase servers (node), the client suite (jsdom) and the package's
 * contents (`npm pack`).
 * `npm run test:stress` (STRESS=1): load, fuzz and cluster cases, with a summary table at the end.
 */
// Each file is compiled alone (fast) with its diagnostics on; the whole-program type check is `npm run lint`'s tsc.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true, diagnostics: true }];

const server = {
  displayName: 'server',
  testEnvironment: 'node',
  roots: ['<rootDir>/src/server', '<rootDir>/test/wecom-emulator'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  transform: { '^.+\\.tsx?$': tsJest },
  setupFiles: ['<rootDir>/src/server/__tests__/setup-env.ts'],
};

const stress = {
  ...server,
  displayName: 'stress',
  testMatch: ['**/__tests__/stress/*.stress.ts'],
};

/** What `npm pack` ships (builds and packs a copy of the project). */
const pack = {
  displayName: 'pack',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/pack'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': tsJest },
};

module.exports = {
  // Starting a NocoBase server takes a few seconds, more on a busy machine; a stress case takes minutes.
  testTimeout: process.env.STRESS ? 600_000 : 60_000,
  reporters: ['default', ...(process.env.STRESS ? ['<rootDir>/src/server/__tests__/stress/summary-reporter.js'] : [])],
  projects: [
    ...(process.env.STRESS ? [stress] : [server, pack]),
    {
      displayName: 'client',
      testEnvironment: 'jsdom',
      roots: [
        '<rootDir>/src/client',
        '<rootDir>/src/client-v2',
        '<rootDir>/src/client-common',
        '<rootDir>/test/bundle',
      ],
      testMatch: ['**/__tests__/**/*.test.ts?(x)', '**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      setupFiles: ['<rootDir>/test/client-setup/jsdom.ts'],
      // The page shares one copy of each formily package; node_modules nests several, so pin them.
      moduleNameMapper: {
        '^@formily/(core|react|reactive|reactive-react|shared|path|json-schema|validator)$':
          '<rootDir>/node_modules/@formily/$1',
        '^react-sticky-box$': '<rootDir>/test/client-setup/react-sticky-box.tsx',
      },
    },
  ],
};
