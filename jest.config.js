/** Two projects: the server suite runs against real NocoBase servers (node), the client suite in jsdom. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true, diagnostics: false }];

module.exports = {
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/src/server'],
      testMatch: ['**/__tests__/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      setupFiles: ['<rootDir>/src/server/__tests__/setup-env.ts'],
    },
    {
      displayName: 'client',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/src/client', '<rootDir>/src/client-v2', '<rootDir>/test/bundle'],
      testMatch: ['**/__tests__/**/*.test.ts?(x)', '**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      setupFiles: ['<rootDir>/src/client/__tests__/setup/jsdom.ts'],
      // The page shares one copy of each formily package; node_modules nests several, so pin them.
      moduleNameMapper: {
        '^@formily/(core|react|reactive|reactive-react|shared|path|json-schema|validator)$': '<rootDir>/node_modules/@formily/$1',
        '^react-sticky-box$': '<rootDir>/src/client/__tests__/setup/react-sticky-box.tsx',
      },
    },
  ],
};
