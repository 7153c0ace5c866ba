/**
 * What `npm pack` ships: the built server (with the packages it vendors), both client bundles, the locales and the
 * package's entry files; never a source file, a test, the WeCom emulator, the sandbox, the bench or the e2e run.
 * Built and packed in a copy of the project, so the working tree's dist/ is left alone.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

/** The semver NocoBase's plugin manager checks with (a dependency of @nocobase/server). */
const semver: { satisfies(version: string, range: string, options?: object): boolean } = require('semver');

const ROOT = path.resolve(__dirname, '../..');
/** Not copied: installed or generated things, and git's own. */
const SKIPPED = new Set(['node_modules', '.git', '.sandbox', 'dist', 'storage', 'coverage', '.tmp']);

let workDir: string;
let files: string[];

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-pack-'));
  fs.cpSync(ROOT, workDir, {
    recursive: true,
    filter: (source) => !SKIPPED.has(path.relative(ROOT, source).split(path.sep)[0]),
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { cwd: workDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run(process.execPath, [path.join('scripts', 'build.js')]);
  const [packed] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']));
  files = packed.files.map((file: { path: string }) => file.path).sort();
}, 120_000);

afterAll(() => {
  if (workDir) {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
});

test('ships the server, both clients, the locales and the entry files', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'package.json',
      'README.md',
      'server.js',
      'client.js',
      'client-v2.js',
      'dist/server/index.js',
      'dist/server/plugin.js',
      'dist/server/wecom/token.js',
      'dist/server/sync/register.js',
      'dist/constants.js',
      'dist/client/index.js',
      'dist/client-v2/index.js',
      'dist/locale/en-US.json',
      'dist/locale/zh-CN.json',
      'dist/locale/ja-JP.json',
      'dist/externalVersion.js',
      'dist/node_modules/@wecom/crypto/index.js',
      'dist/node_modules/https-proxy-agent/index.js',
      'dist/node_modules/proxy-from-env/index.js',
    ]),
  );
});

test('ships no source, test, emulator, sandbox, bench or e2e file', () => {
  const topLevel = ['package.json', 'README.md', 'LICENSE', 'server.js', 'client.js', 'client-v2.js'];
  const declarations = ['server.d.ts', 'client.d.ts', 'client-v2.d.ts'];
  const outside = files.filter((file) => !file.startsWith('dist/') && ![...topLevel, ...declarations].includes(file));
  expect(outside).toEqual([]);
  const unwanted = files.filter((file) =>
    /__tests__|\.test\.|\.stress\.|emulator|sandbox|bench|e2e|\.tsx?$/.test(file.replace(/\.d\.ts$/, '')),
  );
  expect(unwanted).toEqual([]);
});

test("records external versions NocoBase's plugin manager accepts (else it marks the plugin incompatible)", () => {
  // The ranges @nocobase/server checks a plugin's dist/externalVersion.js against (Plugin manager → compatibility).
  const ranges: Record<string, string> = require('@nocobase/server/lib/plugin-manager/deps').default;
  const recorded: Record<string, string> = require(path.join(workDir, 'dist', 'externalVersion.js'));
  const refused = Object.entries(recorded)
    .map(([name, version]) => ({ name, version, range: ranges[name] ?? ranges[name.split('/')[0]] }))
    .filter(({ version, range }) => range && !semver.satisfies(version, range, { includePrerelease: true }));
  expect(refused).toEqual([]);
  expect(recorded.axios).toBeDefined();
});

test('the packed server loads with only what the app provides and what it vendors', () => {
  const name = execFileSync(process.execPath, ['-e', "process.stdout.write(require('./server.js').default.name)"], {
    cwd: workDir,
    encoding: 'utf8',
  });
  expect(name).toBe('PluginAuthWecomServer');
});
