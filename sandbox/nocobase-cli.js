/**
 * Runs one NocoBase command (`install`, `start`, `pm enable <name>` ...) of the app in the current folder,
 * the way NocoBase's own CLI would: `initEnv()` and `generateAppDir()` of @nocobase/cli-v1 fill in the
 * environment (NODE_MODULES_PATH, PLUGIN_STORAGE_PATH, --preserve-symlinks ...), then the app's entry runs
 * in a child process. Plain JavaScript: it runs with the app folder as its working directory.
 * Usage: node nocobase-cli.js <command> [args...]
 */
const { spawn } = require('child_process');

const fromApp = (id) => require(require.resolve(id, { paths: [process.cwd()] }));
const cli = fromApp('@nocobase/cli-v1/src/util');

async function main() {
  cli.initEnv();
  cli.generateAppDir();
  // Link storage/plugins/* into node_modules now, as NocoBase's `postinstall` does: the app resolves plugin
  // packages before its own sync runs, and a link left pointing at another data folder fails to load.
  await fromApp('@nocobase/utils/plugin-symlink').syncPluginSymlinks();
  const entry = require.resolve('@nocobase/app/lib/index.js', { paths: [process.cwd()] });
  return spawn(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
}

main().then(
  (child) => {
    // Ctrl-C / SIGTERM are passed on to the app, which closes its database and exits; this wrapper exits with it.
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.on(signal, () => child.kill(signal));
    }
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
