/**
 * Environment the NocoBase server needs before any of its modules load (NODE_MODULES_PATH, APP_KEY, the cache): imported
 * first by main.ts. The database variables (`DB_*`) come from the driver.
 */
import fs from 'fs';
import path from 'path';

const root = process.env.WECOM_BENCH_ROOT || process.cwd();
process.env.NODE_MODULES_PATH ||= path.join(root, 'node_modules');
process.env.APP_KEY ||= 'wecom-bench-app-key';
process.env.CACHE_DEFAULT_STORE ||= 'memory';
process.env.DB_DIALECT ||= 'sqlite';
process.env.LOGGER_LEVEL ||= 'error';
process.env.LOGGER_TRANSPORT ||= 'console';
if (process.env.DB_DIALECT === 'sqlite' && process.env.DB_STORAGE && process.env.DB_STORAGE !== ':memory:') {
  fs.mkdirSync(path.dirname(process.env.DB_STORAGE), { recursive: true });
}
