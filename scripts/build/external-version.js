/**
 * Writes dist/externalVersion.js: the version of every external package the plugin uses, which
 * NocoBase's plugin manager checks against the app's own. Versions come from node_modules; packages
 * that cannot be installed here (@nocobase/client, client-v2, flow-engine) take the version that the
 * installed @nocobase/plugin-auth was built against.
 */
const fs = require('fs');
const path = require('path');
const { packageNameOf } = require('./externals');

function installedVersion(root, name) {
  const file = path.join(root, 'node_modules', name, 'package.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).version : undefined;
}

function pluginAuthBuiltAgainst(root) {
  const file = path.join(root, 'node_modules', '@nocobase', 'plugin-auth', 'dist', 'externalVersion.js');
  return fs.existsSync(file) ? require(file) : {};
}

/** @returns {{ versions: Record<string, string>, missing: string[] }} */
function writeExternalVersion({ root, distDir, specifiers }) {
  const fallback = pluginAuthBuiltAgainst(root);
  const versions = {};
  const missing = [];
  for (const name of [...new Set(specifiers.map(packageNameOf))].sort()) {
    const version = installedVersion(root, name) ?? fallback[name];
    if (version) versions[name] = version;
    else missing.push(name);
  }
  fs.mkdirSync(distDir, { recursive: true });
  fs.writeFileSync(
    path.join(distDir, 'externalVersion.js'),
    `module.exports = ${JSON.stringify(versions, null, 2)};\n`,
  );
  return { versions, missing };
}

module.exports = { writeExternalVersion };
