import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

/**
 * Everything a test server logs: debug level, to the console and to the log files an admin would ship. Start it
 * before the server (the logger reads its settings when it is made); `text()` is both, console lines and files.
 */
export interface LogCapture {
  text(): string;
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
  return {
    text: () => [...lines, ...readTree(path.join(storage, 'logs'))].join('\n'),
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
