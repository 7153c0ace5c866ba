/** Environment a NocoBase test server needs before it loads (NODE_MODULES_PATH, APP_KEY, the cache and database). */
import path from 'path';

const root = path.resolve(__dirname, '../../..');
process.env.NODE_MODULES_PATH ||= path.join(root, 'node_modules');
process.env.APP_KEY ||= 'test-key-for-wecom-plugin-tests';
process.env.CACHE_DEFAULT_STORE ||= 'memory';
process.env.DB_DIALECT ||= 'sqlite';
if (process.env.DB_DIALECT === 'sqlite') {
  process.env.DB_STORAGE ||= ':memory:';
}
process.env.LOGGER_LEVEL ||= 'error';
process.env.LOGGER_TRANSPORT ||= 'console';
