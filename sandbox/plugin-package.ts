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
  /** The package in the data folder was replaced. */
  changed: boolean;
  /** The plugin was built and packed by this call (once per process). */
  built: boolean;
  tarball: string;
}

const quiet = { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] as any, encoding: 'utf8' as const };

/** The tarball of this process: one build per run, however many apps (data folders) it goes into. */
let packedOnce: { tarball: string; shasum: string } | undefined;

function buildAndPack(): { tarball: string; shasum: string; built: boolean } {
  if (packedOnce && fs.existsSync(packedOnce.tarball)) return { ...packedOnce, built: false };
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], quiet);
  const packDir = path.join(SANDBOX_DIR, 'build', 'plugin');
  fs.rmSync(packDir, { recursive: true, force: true });
  fs.mkdirSync(packDir, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], quiet));
  packedOnce = { tarball: path.join(packDir, packed.filename), shasum: packed.shasum };
  return { ...packedOnce, built: true };
}

/** Builds and packs the plugin; installs it into `<storage>/plugins` when it differs from what is there. */
export function installPluginPackage(storageDir: string): PluginUpdate {
  const packed = buildAndPack();
  const { tarball, built } = packed;

  const target = path.join(storageDir, 'plugins', ...PLUGIN_NAME.split('/'));
  const marker = path.join(storageDir, 'plugins', MARKER);
  // npm packs with fixed timestamps: the same files give the same shasum.
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === packed.shasum) {
    return { changed: false, built, tarball };
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1'], quiet);
  fs.writeFileSync(marker, packed.shasum);
  return { changed: true, built, tarball };
}
