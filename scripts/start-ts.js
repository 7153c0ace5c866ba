#!/usr/bin/env node
/**
 * Runs a TypeScript entry of the sandbox or the end-to-end test (`npm start`, `npm run test:e2e`):
 * esbuild bundles it (our own .ts files, the WeCom emulator from test/wecom-emulator included; packages
 * stay in node_modules) into the git-ignored .sandbox/build/, then it runs in this process.
 * Usage: node scripts/start-ts.js <entry.ts> [args...]
 */
const path = require('path');
const { bundleForNode } = require('./bundle-ts');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  const entry = process.argv[2];
  if (!entry) {
    throw new Error('Usage: node scripts/start-ts.js <entry.ts>');
  }
  const outfile = path.join(ROOT, '.sandbox', 'build', `${path.basename(entry, '.ts')}.js`);
  await bundleForNode({ entryPoints: [path.resolve(ROOT, entry)], outfile });
  process.argv.splice(2, 1); // the entry sees its own arguments only
  require(outfile);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
