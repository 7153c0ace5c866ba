/**
 * Builds one client bundle the way NocoBase loads plugins: esbuild's CommonJS output wrapped in
 * `define(id, ["require","exports","module", ...externals], factory)`. Every bare import must be a
 * module the page provides; anything else fails the build rather than slipping into the bundle.
 */
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { isProvided } = require('./externals');

/** An esbuild plugin that marks the page's modules external and records which ones are used. */
function pageExternals(page, used) {
  return {
    name: 'nocobase-page-externals',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (isProvided(page, args.path)) {
          used.add(args.path);
          return { path: args.path, external: true };
        }
        return {
          errors: [
            {
              text: `"${args.path}" is not provided by the NocoBase page: client code may only import its shared modules.`,
            },
          ],
        };
      });
    },
  };
}

/**
 * @param {{ entry: string, outfile: string, moduleId: string, page: object }} target
 * @returns {Promise<string[]>} the externals the bundle requires
 */
async function buildClientBundle({ entry, outfile, moduleId, page }) {
  const used = new Set();
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'browser',
    target: 'es2018',
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [pageExternals(page, used)],
    logLevel: 'silent',
  });
  const deps = [...used].sort();
  const cjs = result.outputFiles[0].text;
  const amd =
    `define(${JSON.stringify(moduleId)}, ${JSON.stringify(['require', 'exports', 'module', ...deps])}, ` +
    `function (require, exports, module) {\n${cjs}});\n`;
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  fs.writeFileSync(outfile, amd);
  return deps;
}

module.exports = { buildClientBundle };
