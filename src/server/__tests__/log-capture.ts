import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

/**
 * Everything a test server logs: debug level, to the console and to the log files an admin would ship. Start it
 * before the server (the logger reads its settings when it is made); `text()` is both, console lines and files.
 */
export interface LogCapture {
  text(): string;
  /**
   * Resolves once the log files hold a line matching `pattern` (the console has it at once; the file transport
   * writes when it gets to it, in order: earlier lines are in by then too); fails after `timeoutMs`.
   */
  waitForFile(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): void;
}

const SETTINGS = ['LOGGER_LEVEL', 'LOGGER_TRANSPORT', 'STORAGE_PATH'];

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const restore: (() => void)[] = [];
  const saved = Object.fromEntries(SETTINGS.map((key) => [key, process.env[key]]));
  const storage = mkdtempSync(path.join(tmpdir(), 'wecom-logs-'));
  Object.assign(process.env, { LOGGER_LEVEL: 'debug', LOGGER_TRANSPORT: 'console,file', STORAGE_PATH: storage });
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === 'string' ? arg : (JSON.stringify(arg) ?? String(arg)))).join(' '));
    });
    restore.push(() => spy.mockRestore());
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    stream.write = ((chunk: unknown) => lines.push(String(chunk)) > 0) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  const files = () => readTree(path.join(storage, 'logs')).join('\n');
  return {
    text: () => [...lines, files()].join('\n'),
    async waitForFile(pattern, timeoutMs = 10_000) {
      for (const deadline = Date.now() + timeoutMs; !pattern.test(files()); ) {
        if (Date.now() > deadline) {
          throw new Error(`nothing matching ${pattern} was logged within ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop() {
      restore.forEach((undo) => undo());
      for (const key of SETTINGS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      rmSync(storage, { recursive: true, force: true });
    },
  };
}

/** Every file below `dir` (none yet: nothing), read as text. */
function readTree(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? readTree(full) : [readFileSync(full, 'utf8')];
  });
}
