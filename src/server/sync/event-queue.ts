import type { UserDataResourceManager } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { MSG } from '../failures';
import { translateIn } from '../i18n';
import { EventStore, StoredEvent } from './event-store';
import { applyContactEvent, ContactEvent } from './events';
import { SyncError, toSyncError } from './options';
import { eventRemovals } from './removal-guard';
import { fitTaskMessage } from './tally';

/**
 * The change events the callback answered WeCom for, applied one at a time in arrival order. Each is in the
 * database before WeCom gets its answer (event-store.ts) and leaves it once applied: a stop lets the event being
 * applied finish and leaves the others for the next start, which applies them first. An event that fails is
 * logged and dropped (a pull puts everything right); one the removal limit holds back tells the admin once, as a
 * failed task of the source.
 */
export class ContactEventQueue {
  private tail: Promise<void> = Promise.resolve();
  private running = false;
  private readonly queued = new Set<number>();
  private readonly store: EventStore;

  constructor(
    private readonly app: Application,
    private readonly resources: () => UserDataResourceManager | undefined,
  ) {
    this.store = new EventStore(app);
  }

  /** Keeps the event (resolves once it is stored: then WeCom may be answered), and applies it in turn. */
  async push(event: ContactEvent): Promise<void> {
    const id = await this.store.add(event);
    this.enqueue({ id, event });
  }

  /** At start: the events an earlier run answered and did not apply, then the new ones. */
  async start() {
    this.running = true;
    await this.store.open();
    for (const stored of await this.store.pending()) {
      this.enqueue(stored);
    }
  }

  /** At stop: nothing new starts; the event being applied ends (WeCom's timeout bounds it), the rest wait stored. */
  async stop() {
    this.running = false;
    await this.tail;
  }

  /** Resolves once every event pushed so far is applied, or left for the next start (tests, shutdown). */
  idle(): Promise<void> {
    return this.tail;
  }

  private enqueue(stored: StoredEvent) {
    if (this.queued.has(stored.id)) {
      return;
    }
    this.queued.add(stored.id);
    this.tail = this.tail.then(() => this.run(stored));
  }

  private async run({ id, event }: StoredEvent) {
    const resources = this.resources();
    if (!this.running || !resources) {
      this.queued.delete(id);
      return;
    }
    let done = true;
    try {
      await applyContactEvent(this.app, resources, event);
    } catch (error) {
      // Failed because the app is stopping: the next start applies it again (events are idempotent).
      done = this.running;
      await this.failed(event, toSyncError(error));
    }
    this.queued.delete(id);
    if (done) {
      await this.store.remove(id).catch((error) => this.log(event, error));
    }
  }

  private async failed(event: ContactEvent, error: SyncError) {
    this.log(event, error);
    if (error.messageKey === MSG.syncEventsTooManyRemovals && eventRemovals(this.app).hold(event.sourceName)) {
      await this.tellAdmin(event.sourceName, error).catch((failure) => this.log(event, failure));
    }
  }

  /** A failed task in the source's list, with the numbers, in the app's language. */
  private async tellAdmin(sourceName: string, error: SyncError) {
    const source = await this.app.db.getRepository('userDataSyncSources').findOne({ filter: { name: sourceName } });
    if (!source) {
      return;
    }
    const message = fitTaskMessage(translateIn(this.app, this.app.i18n.language, error.messageKey, error.params));
    const batch = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}${Math.floor(Math.random() * 1e4)}`;
    await this.app.db.getRepository('userDataSyncTasks').create({
      values: { batch, status: 'failed', message, sourceId: source.get('id') },
    });
  }

  private log(event: ContactEvent, error: unknown) {
    this.app.logger.error('WeCom sync: a change event failed', {
      method: 'wecom-sync',
      source: event.sourceName,
      changeType: event.changeType,
      error: toSyncError(error).message,
    });
  }
}
