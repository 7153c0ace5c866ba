/**
 * How the TypeScript launchers (`npm start`, `npm run test:e2e`, `npm run bench`) bundle their entries:
 * our own .ts sources in, every package left to node_modules.
 */
const esbuild = require('esbuild');

exports.bundleForNode = (options) =>
  esbuild.build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    ...options,
  });
