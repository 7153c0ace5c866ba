/**
 * Puts the current plugin into the app: `npm run build`, `npm pack` (the tarball holds only what the
 * package's `files` list ships, so no source becomes downloadable under /static/plugins/), then the
 * package goes to the app's storage/plugins, which NocoBase links into its node_modules when it starts.
 * Done before every start, so `npm start` always runs the code of the working tree.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { ROOT, SANDBOX_DIR } from './settings';

export const PLUGIN_NAME: string = require(path.join(ROOT, 'package.json')).name;

/** Beside the installed package (outside its served folder): the shasum of the tarball it came from. */
const MARKER = '.wecom-sandbox-shasum';

export interface PluginUpdate {
  changed: boolean;
  tarball: string;
}

/** Builds and packs the plugin; installs it into `<storage>/plugins` when it differs from what is there. */
export function installPluginPackage(storageDir: string): PluginUpdate {
  const quiet = { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] as any, encoding: 'utf8' as const };
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], quiet);
  const packDir = path.join(SANDBOX_DIR, 'build', 'plugin');
  fs.rmSync(packDir, { recursive: true, force: true });
  fs.mkdirSync(packDir, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], quiet));
  const tarball = path.join(packDir, packed.filename);

  const target = path.join(storageDir, 'plugins', ...PLUGIN_NAME.split('/'));
  const marker = path.join(storageDir, 'plugins', MARKER);
  // npm packs with fixed timestamps: the same files give the same shasum.
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === packed.shasum) {
    return { changed: false, tarball };
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1'], quiet);
  fs.writeFileSync(marker, packed.shasum);
  return { changed: true, tarball };
}
