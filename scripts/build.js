#!/usr/bin/env node
/**
 * `npm run build`: builds dist/ from a clean slate.
 *   dist/client/index.js      v1 client bundle (AMD, module id = package name)
 *   dist/client-v2/index.js   v2 client bundle (AMD, module id = `<package>/client-v2`)
 *   dist/server/**, dist/constants.js   the server, CommonJS
 *   dist/locale/*.json        translations (NocoBase reads them from here)
 *   dist/externalVersion.js   versions of the external packages used
 * `node scripts/build.js client client-v2` rebuilds only the named bundles (no clean, no
 * externalVersion.js): the bundle tests use it.
 */
const fs = require('fs');
const path = require('path');
const { V1, V2 } = require('./build/externals');
const { buildClientBundle } = require('./build/client');
const { buildServer } = require('./build/server');
const { writeExternalVersion } = require('./build/external-version');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
const PACKAGE = require(path.join(ROOT, 'package.json')).name;

const TARGETS = {
  client: () =>
    buildClientBundle({
      entry: path.join(SRC, 'client', 'index.tsx'),
      outfile: path.join(DIST, 'client', 'index.js'),
      moduleId: PACKAGE,
      page: V1,
    }),
  'client-v2': () =>
    buildClientBundle({
      entry: path.join(SRC, 'client-v2', 'index.tsx'),
      outfile: path.join(DIST, 'client-v2', 'index.js'),
      moduleId: `${PACKAGE}/client-v2`,
      page: V2,
    }),
  server: () => buildServer({ srcDir: SRC, distDir: DIST }),
};

function copyLocales() {
  const from = path.join(SRC, 'locale');
  const to = path.join(DIST, 'locale');
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from).filter((file) => file.endsWith('.json'))) {
    JSON.parse(fs.readFileSync(path.join(from, name), 'utf8')); // refuse to ship a broken locale file
    fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}

async function main(requested) {
  const unknown = requested.filter((name) => !TARGETS[name]);
  if (unknown.length)
    throw new Error(`Unknown build target(s): ${unknown.join(', ')}. Known: ${Object.keys(TARGETS).join(', ')}`);
  const full = requested.length === 0;
  const names = full ? Object.keys(TARGETS) : requested;
  if (full) fs.rmSync(DIST, { recursive: true, force: true });

  const used = [];
  for (const name of names) {
    const started = Date.now();
    const externals = await TARGETS[name]();
    used.push(...externals);
    console.log(`built ${name} in ${Date.now() - started} ms (externals: ${externals.join(', ') || 'none'})`);
  }
  if (!full) return;

  copyLocales();
  const { missing } = writeExternalVersion({ root: ROOT, distDir: DIST, specifiers: used });
  if (missing.length) console.warn(`externalVersion.js: no version found for ${missing.join(', ')}`);
  console.log('dist/ is ready');
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error.errors?.length ? error.errors.map((e) => e.text).join('\n') : error);
  process.exit(1);
});
