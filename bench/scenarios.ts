/**
 * The measured sequence, one run after another on the same server and data: a sanity check, a warm-up,
 * then per upstream latency and concurrency the sign-in kinds side by side (each kind's sign-ins split into
 * slices interleaved with the other kinds', so that a noisy neighbour hits all kinds alike), the cold
 * burst, and the memory run.
 */
import type { WecomEmulator } from '../test/wecom-emulator';
import { BenchConfig, signInKinds, sliceSize } from './config';
import { mergeSamples, runAtConcurrency, Sample } from './load';
import { boundPerson, FLOOR_AUTHENTICATOR, firstPerson, Person, range, WECOM_AUTHENTICATOR } from './people';
import type { ServerMemory, ServerProcess } from './server-process';
import { Phase, PHASES, SignInKind, SignIns, tokenUser } from './sign-ins';
import { percentile, RunStats, summarize } from './stats';

export const API_ENDPOINTS = ['gettoken', 'getuserinfo', 'getuserdetail', 'user/get'] as const;
export type ApiEndpoint = (typeof API_ENDPOINTS)[number];
export type Scenario = SignInKind | 'burst' | 'abandoned';
type Calls = Record<ApiEndpoint, number>;

export interface Measurement {
  scenario: Scenario;
  latencyMs: number;
  concurrency: number;
  stats: RunStats;
  /** Calls the server made to each WeCom API endpoint during the run. */
  upstreamCalls: Calls;
  /** CPU time used during the run by the NocoBase server process and by this process (browsers + emulator). */
  cpuMs: { server: number; driver: number };
  /** For sign-ins through WeCom: p50 of each of the browser's four requests. */
  phaseP50Ms?: Record<Phase, number>;
  /** For the abandoned-flows run: the flood before its sign-ins. */
  flood?: { flows: number; seconds: number; upstreamCalls: Calls };
}

interface Slice {
  sample: Sample;
  calls: Calls;
  cpuMs: Measurement['cpuMs'];
}

export interface MemoryCheckpoint extends ServerMemory {
  signIns: number;
}

export interface BenchContext {
  config: BenchConfig;
  server: ServerProcess;
  wecom: WecomEmulator;
  signIns: SignIns;
  log: (line: string) => void;
}

const noCalls = (): Calls => ({ gettoken: 0, getuserinfo: 0, getuserdetail: 0, 'user/get': 0 });

export class Scenarios {
  private readonly kinds: SignInKind[];
  private readonly bound: Person[];
  private readonly first: Person[];
  /** Next person of each kind: consecutive slices sign in different people. */
  private readonly cursor = new Map<SignInKind, number>();

  constructor(private readonly ctx: BenchContext) {
    this.kinds = signInKinds(ctx.config) as SignInKind[];
    this.bound = range(ctx.config.members, boundPerson);
    this.first = range(ctx.config.firstMembers, firstPerson);
  }

  /** Each kind once, checked through `auth:check`: the benchmark measures sign-ins that really work. */
  async sanityCheck(): Promise<void> {
    const { signIns, server } = this.ctx;
    const checks: [SignInKind, Person, string][] = [
      ['qr', this.bound[0], WECOM_AUTHENTICATOR],
      ['first', this.first[0], WECOM_AUTHENTICATOR],
      ['floor', this.bound[0], FLOOR_AUTHENTICATOR],
      ['password', this.bound[0], 'basic'],
    ];
    for (const [kind, person, authenticator] of checks) {
      const user = await tokenUser(server.baseUrl, authenticator, await signIns.kinds[kind](person));
      if (user?.username !== person.username) {
        throw new Error(`sanity check: a ${kind} sign-in as ${person.userid} gave user ${JSON.stringify(user)}`);
      }
    }
    await server.send('unbindFirst', { count: this.first.length });
  }

  async warmUp(): Promise<void> {
    this.ctx.wecom.update({ latencyMs: 0 });
    for (const kind of this.kinds) {
      const { sample } = await this.slice(kind, Math.min(this.ctx.config.warmup, this.first.length), 8);
      if (sample.firstError) {
        throw new Error(`warm-up of ${kind}: ${sample.firstError}`);
      }
    }
  }

  /** The kinds side by side at every latency and concurrency, then the cold burst, at every latency. */
  async sideBySide(): Promise<Measurement[]> {
    const results: Measurement[] = [];
    for (const latencyMs of this.ctx.config.latenciesMs) {
      this.ctx.wecom.update({ latencyMs });
      for (const concurrency of this.ctx.config.concurrency) {
        results.push(...(await this.interleaved(latencyMs, concurrency)));
      }
      if (this.ctx.config.burst && this.kinds.includes('qr')) {
        results.push(await this.coldBurst(latencyMs));
      }
    }
    return results;
  }

  /**
   * Flows started and never finished (people who open the QR page and leave, or anyone calling the public
   * getAuthUrl in a loop; each a new visitor without cookies), then QR sign-ins at 0 ms: do they still cost one
   * upstream call each, with no gettoken? A started flow lives only in its browser's cookie, so the flood should
   * leave nothing on the server to push the cached access_token out.
   */
  async abandonedFlows(): Promise<Measurement | undefined> {
    const { config, wecom, log } = this.ctx;
    if (!config.abandoned || !this.kinds.includes('qr')) {
      return undefined;
    }
    wecom.update({ latencyMs: 0 });
    const flood = await this.slice('start', config.abandoned, 32);
    if (flood.sample.firstError) {
      throw new Error(`abandoned flows: ${flood.sample.firstError}`);
    }
    const floodCalls = API_ENDPOINTS.reduce((sum, name) => sum + flood.calls[name], 0);
    log(
      `flood    ${config.abandoned} abandoned flows in ${(flood.sample.wallMs / 1000).toFixed(1)} s, ${floodCalls} upstream calls`,
    );
    const { sample, calls, cpuMs } = await this.slice('qr', Math.min(100, this.bound.length), 8);
    return this.logged({
      scenario: 'abandoned',
      latencyMs: 0,
      concurrency: 8,
      stats: summarize(sample),
      upstreamCalls: calls,
      cpuMs,
      flood: { flows: config.abandoned, seconds: flood.sample.wallMs / 1000, upstreamCalls: flood.calls },
    });
  }

  /** QR sign-ins in chunks, with the server's memory after a forced GC before and after each chunk. */
  async memoryRun(): Promise<MemoryCheckpoint[]> {
    const { config, server, wecom, log } = this.ctx;
    wecom.update({ latencyMs: 0 });
    const checkpoints: MemoryCheckpoint[] = [{ signIns: 0, ...(await server.memory()) }];
    let done = 0;
    while (done < config.rssSignIns) {
      const chunk = Math.min(config.rssEvery, config.rssSignIns - done);
      const { sample } = await this.slice('qr', chunk, config.rssConcurrency);
      if (sample.latencies.length !== chunk) {
        throw new Error(`memory run: ${chunk - sample.latencies.length} sign-ins failed: ${sample.firstError}`);
      }
      done += chunk;
      const memory = await server.memory();
      checkpoints.push({ signIns: done, ...memory });
      log(
        `memory  ${String(done).padStart(6)} sign-ins  rss ${mb(memory.rss)}  heap ${mb(memory.heapUsed)}  locks ${memory.lockEntries}`,
      );
    }
    return checkpoints;
  }

  private async interleaved(latencyMs: number, concurrency: number): Promise<Measurement[]> {
    const { config, signIns } = this.ctx;
    const size = sliceSize(config, concurrency);
    const slices = new Map<SignInKind, Slice[]>(this.kinds.map((kind) => [kind, []]));
    signIns.phases.clear();
    for (let round = 0; round < config.rounds; round++) {
      // Each round starts with another kind: none always runs right after the same neighbour.
      const order = this.kinds.map((_, i) => this.kinds[(i + round) % this.kinds.length]);
      for (const kind of order) {
        slices.get(kind)!.push(await this.slice(kind, size, concurrency));
      }
    }
    return this.kinds.map((kind) => {
      const phases = signIns.phases.get(kind);
      const mine = slices.get(kind)!;
      return this.logged({
        scenario: kind,
        latencyMs,
        concurrency,
        stats: summarize(mergeSamples(mine.map((slice) => slice.sample))),
        upstreamCalls: mine.reduce((sum, slice) => addCalls(sum, slice.calls), noCalls()),
        cpuMs: {
          server: mine.reduce((sum, slice) => sum + slice.cpuMs.server, 0),
          driver: mine.reduce((sum, slice) => sum + slice.cpuMs.driver, 0),
        },
        phaseP50Ms: phases && (Object.fromEntries(PHASES.map((p) => [p, median(phases[p])])) as Record<Phase, number>),
      });
    });
  }

  /** `burst` QR sign-ins all at once, right after the cached access_token was dropped. */
  private async coldBurst(latencyMs: number): Promise<Measurement> {
    const { burst } = this.ctx.config;
    await this.ctx.server.send('forgetToken');
    const { sample, calls, cpuMs } = await this.slice('qr', burst, burst);
    return this.logged({
      scenario: 'burst',
      latencyMs,
      concurrency: burst,
      stats: summarize(sample),
      upstreamCalls: calls,
      cpuMs,
    });
  }

  /**
   * `count` sign-ins of one kind at `concurrency`, by the next people of that kind, with the upstream calls
   * and the CPU time of both processes they cost.
   */
  private async slice(kind: SignInKind, count: number, concurrency: number): Promise<Slice> {
    const { server, wecom, signIns } = this.ctx;
    const people = kind === 'first' ? this.first : this.bound;
    const offset = this.cursor.get(kind) ?? 0;
    this.cursor.set(kind, (offset + count) % people.length);
    wecom.resetCalls();
    const serverBefore = await server.cpuMs();
    const driverBefore = process.cpuUsage();
    const sample = await runAtConcurrency(count, concurrency, (index) =>
      signIns.kinds[kind](people[(offset + index) % people.length]),
    );
    const driver = process.cpuUsage(driverBefore);
    const cpuMs = { server: (await server.cpuMs()) - serverBefore, driver: (driver.user + driver.system) / 1000 };
    const calls = addCalls(noCalls(), wecom.calls);
    if (kind === 'first') {
      // A first sign-in binds the member: unbind them again, so that they sign in for the first time next time too.
      await server.send('unbindFirst', { count: this.first.length });
    }
    return { sample, calls, cpuMs };
  }

  private logged(m: Measurement): Measurement {
    const failed = m.stats.attempted - m.stats.succeeded;
    this.ctx.log(
      `${m.scenario.padEnd(8)} ${String(m.latencyMs).padStart(3)} ms  c=${String(m.concurrency).padEnd(3)} ` +
        `${m.stats.perSecond.toFixed(1).padStart(7)}/s  p50 ${m.stats.p50Ms.toFixed(1)} ms  ` +
        `server CPU ${(m.cpuMs.server / Math.max(1, m.stats.succeeded)).toFixed(2)} ms/sign-in` +
        (m.phaseP50Ms ? `  (${PHASES.map((p) => `${p} ${m.phaseP50Ms![p].toFixed(1)}`).join(', ')})` : '') +
        (failed ? `  FAILED ${failed}: ${m.stats.firstError}` : ''),
    );
    return m;
  }
}

function addCalls(into: Calls, from: Record<string, number>): Calls {
  for (const name of API_ENDPOINTS) {
    into[name] += from[name] ?? 0;
  }
  return into;
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
