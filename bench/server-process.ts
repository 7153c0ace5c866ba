/**
 * The driver's handle on the NocoBase server process: forks it, waits until it listens, and sends it the
 * few commands the benchmark needs (seed, unbind, forget the token, read memory, stop).
 */
import { ChildProcess, fork } from 'child_process';
import type { BenchConfig } from './config';

export interface ServerMemory {
  rss: number;
  heapUsed: number;
  /** Entries of NocoBase's in-process lock table (LocalLockAdapter.locks); null when another adapter is used. */
  lockEntries: number | null;
}

export class ServerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly pid: number,
  ) {
    child.on('message', (message: any) => {
      const waiter = this.pending.get(message?.id);
      if (!waiter) {
        return;
      }
      this.pending.delete(message.id);
      if (message.ok) {
        waiter.resolve(message.result);
      } else {
        waiter.reject(new Error(`server: ${message.error}`));
      }
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) {
        waiter.reject(new Error(`server process exited (${code})`));
      }
      this.pending.clear();
    });
  }

  /** `env`: more variables for the server (a variant's own database, WECOM_BENCH_NOCOBASE_WRITERS). */
  static async start(config: BenchConfig, env: Record<string, string> = {}): Promise<ServerProcess> {
    const child = fork(config.serverScript, [], {
      execArgv: ['--expose-gc', '--enable-source-maps'],
      env: { ...process.env, ...config.db, ...env, WECOM_BENCH_ROOT: config.root },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Never leave the server behind: when the driver ends, however it ends, the server goes too.
    process.once('exit', () => child.kill('SIGKILL'));
    const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server process exited before it was ready (${code})`)));
      child.on('message', (message: any) => message?.ready && resolve(message));
    });
    return new ServerProcess(child, ready.port, ready.pid);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  send<T = unknown>(cmd: string, args?: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd, args });
    });
  }

  /** CPU time the server process has used so far, in ms. */
  cpuMs(): Promise<number> {
    return this.send<number>('cpu');
  }

  memory(): Promise<ServerMemory> {
    return this.send<ServerMemory>('memory');
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.send('stop').catch(() => this.child.kill('SIGTERM'));
    await exited;
  }
}
