/**
 * Fault injection of the loopback emulator (see index.ts): faults queued for the next calls of an endpoint
 * (`failNext`), and a rate at which any call draws one from a list (stress tests).
 */
import type { EmulatorEndpoint, Fault } from './types';

/** setFaultRate's default list; `hang` is left out (pass it explicitly when the client has timeouts). */
export const DEFAULT_FAULTS: Fault[] = [
  { errcode: -1, errmsg: 'system busy' },
  { httpStatus: 502 },
  { body: '<html><body>upstream busy</body></html>' },
  { truncate: true },
  { destroy: true },
  { delayMs: 300 },
];

export class FaultPlan {
  private readonly queue = new Map<EmulatorEndpoint, Fault[]>();
  private rate = 0;
  private rateFaults = DEFAULT_FAULTS;

  failNext(endpoint: EmulatorEndpoint, fault: Fault, times = 1): void {
    const list = this.queue.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.queue.set(endpoint, list);
  }

  /** Drops the faults queued by failNext that no request has taken yet. */
  clear(): void {
    this.queue.clear();
  }

  /** Pages (authorize/sso) only draw the httpStatus and delayMs faults of the list. */
  setRate(rate: number, faults: Fault[] = DEFAULT_FAULTS): void {
    this.rate = rate;
    this.rateFaults = faults;
  }

  /** The fault the next call of `endpoint` meets: a queued one first, else one drawn at the rate, or none. */
  take(endpoint: EmulatorEndpoint, page: boolean): Fault | undefined {
    const queued = this.queue.get(endpoint);
    if (queued?.length) return queued.shift();
    if (this.rate <= 0 || Math.random() >= this.rate) return undefined;
    const pool = page ? this.rateFaults.filter((f) => 'httpStatus' in f || 'delayMs' in f) : this.rateFaults;
    return pool.length ? pool[Math.floor(Math.random() * pool.length)] : undefined;
  }
}
