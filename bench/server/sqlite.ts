/**
 * What a SQLite file needs before NocoBase can take concurrent sign-ins at all. SQLite runs one writer at a
 * time; Sequelize opens one connection per transaction, and NocoBase sets no busy timeout. Concurrent
 * transactions (every sign-in writes `issuedTokens`) then fail with SQLITE_BUSY or sit in Sequelize's
 * retries for seconds: 32 callers issuing 320 tokens took 70 s and 34 failed. Here transactions queue in the
 * process instead, one at a time as SQLite runs them anyway (2.2 s, none failed), with WAL and a busy
 * timeout for the reads and writes outside transactions. The floor and password sign-ins get the same.
 */
export const SQLITE_SETTINGS = 'transactions queued in-process, WAL, busy_timeout 5 s';

/** Waits of more than this for the transaction queue are treated as a deadlock and fail the query. */
const QUEUE_TIMEOUT_MS = 30_000;

/** A first-come, first-served lock. */
class Queue {
  private tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => mine);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('SQLite transaction queue: waited too long (deadlock?)')),
        QUEUE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([before, timeout]);
    } catch (error) {
      // Give up the place in the queue once the turn comes.
      void before.then(release);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return release;
  }
}

/** Applies the settings to a started app (nothing for other dialects). */
export async function tuneSqlite(app: any): Promise<void> {
  const sequelize = app.db.sequelize;
  if (sequelize.getDialect() !== 'sqlite') {
    return;
  }
  const manager = sequelize.connectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  const queue = new Queue();
  const turns = new Map<string, () => void>();
  const configured = new WeakSet<object>();

  manager.getConnection = async (options: { uuid?: string } = {}) => {
    // A transaction's first request for its own connection: wait for the previous transaction to end.
    const uuid = options.uuid;
    if (uuid && uuid !== 'default' && !manager.connections[uuid] && !turns.has(uuid)) {
      turns.set(uuid, await queue.acquire());
    }
    const connection = await getConnection(options);
    if (!configured.has(connection)) {
      connection.configure('busyTimeout', 5_000);
      configured.add(connection);
    }
    return connection;
  };
  manager.releaseConnection = (connection: { uuid?: string }, force?: boolean) => {
    const result = releaseConnection(connection, force);
    const release = connection.uuid ? turns.get(connection.uuid) : undefined;
    if (release) {
      turns.delete(connection.uuid as string);
      release();
    }
    return result;
  };
  // WAL belongs to the database file: set once, it holds for every connection.
  await sequelize.query('PRAGMA journal_mode = WAL');
}
