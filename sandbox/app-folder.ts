/**
 * The NocoBase app folder (.sandbox/app): its own package.json with `@nocobase/app` (which ships the
 * prebuilt UI) and sqlite3, installed by npm on the first run. Its node_modules is its own, never linked
 * from elsewhere: NocoBase would then load two copies of its classes.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import { APP_DIR } from './settings';

export const NOCOBASE_VERSION = '2.2.15';

const APP_PACKAGE = {
  name: 'wecom-sandbox-nocobase-app',
  private: true,
  description: 'The NocoBase app that `npm start` runs (made by sandbox/app-folder.ts).',
  dependencies: { '@nocobase/app': NOCOBASE_VERSION, sqlite3: '5.1.7' },
  // @nocobase/ai wants xlsx from a CDN that cannot be reached; the registry's 0.18.5 does the job.
  overrides: { xlsx: '0.18.5' },
};

/** Installs the app folder when it is missing or was made for another NocoBase version. */
export async function ensureAppFolder(log: (line: string) => void): Promise<void> {
  const packageFile = path.join(APP_DIR, 'package.json');
  const wanted = `${JSON.stringify(APP_PACKAGE, null, 2)}\n`;
  const current = fs.existsSync(packageFile) ? fs.readFileSync(packageFile, 'utf8') : '';
  if (current === wanted && installedVersion() === NOCOBASE_VERSION) return;

  log(`First run: installing NocoBase ${NOCOBASE_VERSION} into .sandbox/app (about 2 to 4 minutes, about 1.1 GB)...`);
  fs.mkdirSync(APP_DIR, { recursive: true });
  fs.writeFileSync(packageFile, wanted);
  // Every NocoBase plugin names the others as peers: npm's strict peer resolution refuses the tree.
  fs.writeFileSync(path.join(APP_DIR, '.npmrc'), 'legacy-peer-deps=true\n');
  const logFile = path.join(APP_DIR, 'npm-install.log');
  const started = Date.now();
  const code = await run('npm', ['install', '--no-audit', '--no-fund'], APP_DIR, logFile);
  if (code !== 0 || installedVersion() !== NOCOBASE_VERSION) {
    throw new Error(`Installing NocoBase failed (npm exited ${code}); see ${path.relative(process.cwd(), logFile)}.`);
  }
  log(`NocoBase installed in ${Math.round((Date.now() - started) / 1000)} s.`);
}

function installedVersion(): string | undefined {
  try {
    const file = path.join(APP_DIR, 'node_modules', '@nocobase', 'app', 'package.json');
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Runs a command with its output in a log file; resolves to its exit code. */
export function run(command: string, args: string[], cwd: string, logFile: string, env = process.env): Promise<number> {
  const out = fs.openSync(logFile, 'a');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.closeSync(out);
      resolve(code ?? 1);
    });
  });
}
