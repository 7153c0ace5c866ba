#!/usr/bin/env node
/**
 * `npm run bench`: bundles the benchmark (TypeScript, with the plugin's server source) with esbuild into
 * node_modules/.cache/wecom-bench-<checkout> (so that bare imports resolve from the project's node_modules), then runs
 * the driver with a GC that can be forced. Every option is an environment variable: see bench/config.ts.
 */
const { spawn } = require('child_process');
const path = require('path');
const { bundleForNode } = require('../scripts/bundle-ts');

const root = path.resolve(__dirname, '..');
// One bundle per checkout: worktrees that share node_modules must not overwrite each other's bench.
const checkout = require('crypto').createHash('sha1').update(root).digest('hex').slice(0, 8);
const outdir = path.join(root, 'node_modules', '.cache', `wecom-bench-${checkout}`);

async function main() {
  await bundleForNode({
    entryPoints: {
      driver: path.join(__dirname, 'run.ts'),
      server: path.join(__dirname, 'server', 'main.ts'),
    },
    outdir,
  });
  const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', path.join(outdir, 'driver.js')], {
    stdio: 'inherit',
    env: { ...process.env, WECOM_BENCH_ROOT: root, WECOM_BENCH_SERVER: path.join(outdir, 'server.js') },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
