/**
 * A CPU profile of the server process over exactly the span the driver asks for (the measured runs, not
 * the install and the seeding), through the inspector: the same .cpuprofile that `node --cpu-prof` writes.
 */
import fs from 'fs';
import inspector from 'inspector';
import path from 'path';

export class CpuProfiler {
  private session?: inspector.Session;

  private post<T = unknown>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) =>
      this.session!.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  }

  async start(): Promise<void> {
    this.session = new inspector.Session();
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 500 });
    await this.post('Profiler.start');
  }

  /** Writes the profile to `file` (open it in Chrome DevTools, or summarize it with bench/profile-summary.js). */
  async stop(file: string): Promise<string> {
    const { profile } = await this.post<{ profile: object }>('Profiler.stop');
    this.session?.disconnect();
    this.session = undefined;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    return file;
  }
}
