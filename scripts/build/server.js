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
 * @returns {Promise<string[]>} the packages the app provides to the server code (for externalVersion.js)
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
  await vendor(path.resolve(srcDir, '..'), distDir);
  return serverPackages(entry);
}

/**
 * Runtime packages a NocoBase app does not provide (NocoBase's own build ships a plugin's `dependencies` the same
 * way, in dist/node_modules, where Node finds them from dist/server/**). Each is bundled with its own
 * dependencies into one file, so the version the tests ran is the one that runs: an app may hoist another major
 * (NocoBase 2.2 apps have https-proxy-agent 5, whose constructor ignores the keep-alive options of 7).
 * - @wecom/crypto: the official WeCom crypto of the contacts callback (MIT, no dependencies);
 * - https-proxy-agent (with agent-base, debug, ms), proxy-from-env: the way out through a proxy (MIT).
 * axios is not here: the app provides it, as NocoBase's build treats it (bundling it would add about 530 KB).
 */
const VENDORED = ['@wecom/crypto', 'https-proxy-agent', 'proxy-from-env'];

async function vendor(root, distDir) {
  for (const name of VENDORED) {
    const manifest = path.join(root, 'node_modules', name, 'package.json');
    if (!fs.existsSync(manifest)) throw new Error(`${name} is not installed: run npm install`);
    const { version, license } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    const target = path.join(distDir, 'node_modules', name);
    const result = await esbuild.build({
      entryPoints: [require.resolve(name, { paths: [root] })],
      outfile: path.join(target, 'index.js'),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node18',
      metafile: true,
      logLevel: 'silent',
    });
    const bundled = [...new Set(Object.keys(result.metafile.inputs).map(packageOfInput).filter(Boolean))].sort();
    const pkg = { name, version, license, main: 'index.js', bundled };
    fs.writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  }
}

/** `node_modules/a/node_modules/@b/c/dist/x.js` → `@b/c`. */
function packageOfInput(input) {
  const parts = input.split('node_modules/').pop().split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The packages the app provides to the server code (all it requires but the vendored), by a throwaway bundle pass. */
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
      if (!builtinModules.includes(name) && !VENDORED.includes(name)) names.add(imported.path);
    }
  }
  return [...names];
}

module.exports = { buildServer };
