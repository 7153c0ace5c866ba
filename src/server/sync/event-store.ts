import type Application from '@nocobase/server';
import type { ContactEvent } from './events';

/**
 * Change events WeCom was answered for and that are not applied yet, in the database: written before WeCom gets
 * its answer, deleted once applied, read again when the app starts, so that a stop (or a crash) between the
 * answer and the work loses nothing. No action of any role reaches the table (it is the plugin's own).
 */
export const EVENTS_COLLECTION = 'wecomContactEvents';

export interface StoredEvent {
  id: number;
  event: ContactEvent;
}

export function defineEventStore(app: Application) {
  app.db.collection({
    name: EVENTS_COLLECTION,
    dumpRules: { group: 'log' },
    migrationRules: ['schema-only'],
    timestamps: true,
    fields: [
      { type: 'bigInt', name: 'id', primaryKey: true, autoIncrement: true },
      { type: 'string', name: 'sourceName' },
      { type: 'json', name: 'event' },
    ],
  });
  type Middleware = Parameters<typeof app.resourceManager.use>[0];
  const closed: Middleware = async (ctx, next) => {
    if (ctx.action?.resourceName === EVENTS_COLLECTION) {
      ctx.throw(403);
    }
    await next();
  };
  app.resourceManager.use(closed, { tag: 'wecom-contact-events-closed', before: 'acl' });
}

export class EventStore {
  constructor(private readonly app: Application) {}

  private get model() {
    return this.app.db.getModel(EVENTS_COLLECTION);
  }

  /** Makes the table when the plugin was updated without NocoBase's `upgrade` (which syncs every collection). */
  async open() {
    if (!(await this.app.db.collectionExistsInDb(EVENTS_COLLECTION))) {
      await this.app.db.getCollection(EVENTS_COLLECTION).sync();
    }
  }

  async add(event: ContactEvent): Promise<number> {
    const row = await this.model.create({ sourceName: event.sourceName, event });
    return Number(row.get('id'));
  }

  async remove(id: number) {
    await this.model.destroy({ where: { id } });
  }

  /** Every event not applied yet, oldest first. */
  async pending(): Promise<StoredEvent[]> {
    const rows = (await this.model.findAll({
      attributes: ['id', 'event'],
      order: [['id', 'ASC']],
      raw: true,
    })) as unknown as {
      id: number;
      event: ContactEvent | string;
    }[];
    return rows.map((row) => ({
      id: Number(row.id),
      event: typeof row.event === 'string' ? (JSON.parse(row.event) as ContactEvent) : row.event,
    }));
  }
}
