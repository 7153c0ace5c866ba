/**
 * Compiles the server side file by file to CommonJS under dist/ (same layout as src/), so
 * `dist/server/index.js` default-exports the plugin and relative imports (`../constants`,
 * `../locale/*.json`) still resolve. Packages stay `require`s: NocoBase provides them.
 */
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');
const { packageNameOf } = require('./externals');

function listFiles(dir, filter) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : listFiles(full, filter);
    return filter(entry.name) ? [full] : [];
  });
}

/**
 * @param {{ srcDir: string, distDir: string }} dirs
 * @returns {Promise<string[]>} the packages the server code requires (for externalVersion.js)
 */
async function buildServer({ srcDir, distDir }) {
  const serverDir = path.join(srcDir, 'server');
  const entry = path.join(serverDir, 'index.ts');
  if (!fs.existsSync(entry)) throw new Error('src/server/index.ts is missing: there is no server plugin to build.');

  const isSource = (name) => /\.tsx?$/.test(name) && !name.endsWith('.d.ts');
  // The top-level modules of src/ (constants.ts, messages.ts) are shared with the clients and required by the
  // server as `../constants`, `../messages`: compile every one of them beside dist/server/.
  const shared = fs
    .readdirSync(srcDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isSource(entry.name))
    .map((entry) => path.join(srcDir, entry.name));
  const sources = [...listFiles(serverDir, isSource), ...shared];
  await esbuild.build({
    entryPoints: sources,
    outdir: distDir,
    outbase: srcDir,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    logLevel: 'silent',
  });
  for (const file of listFiles(serverDir, (name) => name.endsWith('.json'))) {
    const target = path.join(distDir, path.relative(srcDir, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
  vendor(path.resolve(srcDir, '..'), distDir);
  return serverPackages(entry);
}

/**
 * Runtime packages a NocoBase app does not provide, copied into dist/node_modules (Node finds them from
 * dist/server/**): the official WeCom crypto of the contacts callback (MIT, no dependencies).
 */
const VENDORED = ['@wecom/crypto'];

function vendor(root, distDir) {
  for (const name of VENDORED) {
    const from = path.join(root, 'node_modules', name);
    if (!fs.existsSync(from)) throw new Error(`${name} is not installed: run npm install`);
    fs.cpSync(from, path.join(distDir, 'node_modules', name), { recursive: true });
  }
}

/** The packages reachable from the server entry, found by a throwaway bundle pass. */
async function serverPackages(entry) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  const names = new Set();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || /^[./]/.test(imported.path)) continue; // relative: compiled alongside
      const name = packageNameOf(imported.path.replace(/^node:/, ''));
      if (!builtinModules.includes(name)) names.add(imported.path);
    }
  }
  return [...names];
}

module.exports = { buildServer };
