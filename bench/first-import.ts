/**
 * The first-import rows (`sync-first`, `sync-100k`): a company in an emulator of its own, pulled into a fresh
 * NocoBase (its own server process and database) that has none of its people, by a source that creates users for
 * unmatched members. Each variant gets a fresh app: the first import of BENCH_SYNC_FIRST_MEMBERS, then the
 * side-by-side of the plugin's writers and NocoBase's own on BENCH_SYNC_RATIO_MEMBERS, and the large import of
 * BENCH_SYNC_BIG_MEMBERS.
 */
import os from 'os';
import path from 'path';
import { WecomEmulator } from '../test/wecom-emulator';
import { setUpCompany } from './company';
import type { BenchConfig } from './config';
import { CORP } from './people';
import type { ImportCheck } from './server/import-checks';
import { ServerProcess } from './server-process';
import { PullRun, pullOnce, SYNC_SECRET } from './sync';

/** The plugin's writers (its bulk path where it takes users), or NocoBase's own per-user writers (forced). */
export type Writers = 'plugin' | 'nocobase';

export interface ImportRun {
  label: string;
  members: number;
  departments: number;
  writers: Writers;
  /** Server RSS after a forced GC, seeded, right before the pull. */
  idleRss: number;
  full: PullRun;
  /** The server's CPU time over the first pull (user + system), the steadier figure on a shared machine. */
  cpuMs: number;
  /** Server RSS and heap after a forced GC right after the pull: what the pull left behind. */
  after: { rss: number; heapUsed: number };
  checks: ImportCheck[];
  again?: PullRun;
}

export interface FirstImportMeasurement {
  dialect: string;
  first?: ImportRun;
  /** The same pull through the plugin's writers and through NocoBase's own, each into a fresh app. */
  ratio?: { plugin: ImportRun; nocobase: ImportRun };
  big?: ImportRun;
}

/** A SQLite file of the variant's own beside the run's (PostgreSQL: the same database, installed afresh). */
function variantEnv(config: BenchConfig, label: string, writers: Writers): Record<string, string> {
  const env: Record<string, string> = writers === 'nocobase' ? { WECOM_BENCH_NOCOBASE_WRITERS: '1' } : {};
  if (config.db.DB_DIALECT === 'sqlite') {
    env.DB_STORAGE = path.join(os.tmpdir(), `wecom-bench-${process.pid}`, `${label}.sqlite`);
  }
  return env;
}

export async function importRun(
  config: BenchConfig,
  log: (line: string) => void,
  variant: { label: string; members: number; writers: Writers; again: boolean },
): Promise<ImportRun> {
  const wecom = await WecomEmulator.start({ ...CORP, members: [] });
  const departments = setUpCompany(wecom, variant.members);
  wecom.setSecretPolicy(SYNC_SECRET, { contactsSync: true });
  const server = await ServerProcess.start(config, variantEnv(config, variant.label, variant.writers));
  try {
    const seeded = await server.send('seedFirstImport', { emulatorUrl: wecom.baseUrl, secret: SYNC_SECRET });
    const idleRss = (await server.memory()).rss;
    log(
      `${variant.label}: ${variant.members} members in ${departments} departments, ${variant.writers} writers, ` +
        `fresh app ${JSON.stringify(seeded)}`,
    );
    const cpuBefore = await server.cpuMs();
    const full = await pullOnce(server, wecom, `${variant.label} first import`, log);
    const cpuMs = (await server.cpuMs()) - cpuBefore;
    const { rss, heapUsed } = await server.memory();
    const checks = await server.send<ImportCheck[]>('checkImport', { members: variant.members });
    const again = variant.again ? await pullOnce(server, wecom, `${variant.label} again`, log) : undefined;
    return { ...variant, departments, idleRss, full, cpuMs, after: { rss, heapUsed }, checks, again };
  } finally {
    await server.stop().catch((error) => log(`stopping the server: ${error.message}`));
    await wecom.stop();
  }
}

export async function measureFirstImports(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<FirstImportMeasurement | undefined> {
  const m: FirstImportMeasurement = { dialect: config.db.DB_DIALECT };
  if (config.kinds.includes('sync-first') && config.syncFirstMembers) {
    const members = config.syncFirstMembers;
    m.first = await importRun(config, log, { label: 'first', members, writers: 'plugin', again: true });
    const size = config.syncRatioMembers;
    if (size) {
      const plugin =
        size === members
          ? m.first
          : await importRun(config, log, { label: 'ratio-plugin', members: size, writers: 'plugin', again: false });
      const nocobase = await importRun(config, log, {
        label: 'ratio-nocobase',
        members: size,
        writers: 'nocobase',
        again: false,
      });
      m.ratio = { plugin, nocobase };
    }
  }
  if (config.kinds.includes('sync-100k') && config.syncBigMembers) {
    m.big = await importRun(config, log, {
      label: 'big',
      members: config.syncBigMembers,
      writers: 'plugin',
      again: false,
    });
  }
  return m.first || m.big ? m : undefined;
}
