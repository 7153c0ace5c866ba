/**
 * `npm run bench` (through bench/start.js): the loopback WeCom emulator here, a real NocoBase server with the
 * plugin in a child process, the measured sequence of scenarios.ts, then the table, the targets and a JSON
 * file. Exits 1 when a target fails.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { WecomEmulator } from '../test/wecom-emulator';
import { BenchConfig, readConfig, signInKinds } from './config';
import { closeConnections } from './http';
import { boundPerson, CORP, firstPerson, range } from './people';
import { memoryTable, table, targetLines, writeJson } from './report';
import { Measurement, MemoryCheckpoint, Scenarios } from './scenarios';
import { ServerProcess } from './server-process';
import { SignIns } from './sign-ins';
import { measureNotify, NotifyMeasurement, notifyTable, notifyTargets } from './notify';
import { measureSync, SyncMeasurement, syncTable, syncTargets } from './sync';
import { FirstImportMeasurement, measureFirstImports } from './first-import';
import { firstImportTable, firstImportTargets } from './first-import-report';
import { evaluateTargets } from './targets';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** The sign-in rows, the sync row of matched users and the notification row, on one server. */
async function mainServerRows(config: BenchConfig) {
  const people = [...range(config.members, boundPerson), ...range(config.firstMembers, firstPerson)];
  const wecom = await WecomEmulator.start({
    ...CORP,
    members: people.map((p) => ({ userid: p.userid, name: p.username, mobile: p.phone })),
  });
  log(`NocoBase on ${config.db.DB_DIALECT}; WeCom emulator at ${wecom.baseUrl}`);
  const server = await ServerProcess.start(config);
  try {
    const seeded = await server.send('seed', {
      members: config.members,
      firstMembers: config.firstMembers,
      emulatorUrl: wecom.baseUrl,
    });
    log(`server pid ${server.pid} on ${server.baseUrl}; seeded ${JSON.stringify(seeded)}`);
    // BENCH_KINDS=notify: the notification row alone.
    const signingIn = signInKinds(config).length > 0;
    let measurements: Measurement[] = [];
    let memory: MemoryCheckpoint[] = [];
    let sync: SyncMeasurement | undefined;
    if (signingIn) {
      const scenarios = new Scenarios({ config, server, wecom, signIns: new SignIns(server.baseUrl, wecom), log });
      await scenarios.sanityCheck();
      await scenarios.warmUp();
      if (config.cpuProfile) {
        await server.send('profileStart');
      }
      measurements = await scenarios.sideBySide();
      const abandoned = await scenarios.abandonedFlows();
      if (abandoned) {
        measurements.push(abandoned);
      }
      if (config.cpuProfile) {
        const file = path.join(config.resultsDir, 'profiles', `server-${Date.now()}.cpuprofile`);
        log(
          `CPU profile of the server over the measured runs: ${path.relative(config.root, await server.send<string>('profileStop', { file }))}`,
        );
      }
      memory = config.rssSignIns ? await scenarios.memoryRun() : [];
      sync = config.syncMembers ? await measureSync(config, server, wecom, log) : undefined;
    }
    const notify: NotifyMeasurement | undefined =
      config.kinds.includes('notify') && config.notifyReceivers
        ? await measureNotify(config, server, wecom, log)
        : undefined;
    return { signingIn, measurements, memory, sync, notify };
  } finally {
    await server.stop().catch((error) => log(`stopping the server: ${error.message}`));
    await wecom.stop();
  }
}

async function main(): Promise<number> {
  const config = readConfig();
  try {
    const rows =
      signInKinds(config).length || config.kinds.includes('notify') ? await mainServerRows(config) : undefined;
    const { signingIn = false, measurements = [], memory = [], sync, notify } = rows ?? {};
    // The first imports after the main server stopped: each on a fresh server and database of its own.
    const imports: FirstImportMeasurement | undefined = await measureFirstImports(config, log);
    const targets = [
      ...(signingIn ? evaluateTargets(config, measurements, memory) : []),
      ...(sync ? syncTargets(sync) : []),
      ...(notify ? notifyTargets(notify) : []),
      ...(imports ? firstImportTargets(imports) : []),
    ];

    if (signingIn) {
      console.log(`\nSign-ins on one NocoBase node (${config.db.DB_DIALECT}); upstream calls are per sign-in.\n`);
      console.log(table(measurements));
    }
    if (memory.length) {
      console.log(`\nServer memory over ${config.rssSignIns} QR sign-ins (concurrency ${config.rssConcurrency}):\n`);
      console.log(memoryTable(memory));
    }
    if (sync) {
      console.log(`\n${syncTable(sync)}`);
    }
    if (notify) {
      console.log(`\n${notifyTable(notify)}`);
    }
    if (imports) {
      console.log(`\n${firstImportTable(imports)}`);
    }
    console.log(`\nTargets:\n${targetLines(targets)}`);
    console.log(`\nJSON: ${writeJson(config, measurements, memory, targets, { sync, notify, imports })}`);
    return targets.some((t) => t.pass === false) ? 1 : 0;
  } finally {
    closeConnections();
    // The run's own SQLite files (the main server's and the first imports').
    fs.rmSync(path.join(os.tmpdir(), `wecom-bench-${process.pid}`), { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
