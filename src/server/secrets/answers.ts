/**
 * Answers never carry a write-only setting: one resourcer middleware around every action of the main data source.
 * Whatever the action (`get`, `list`, the answers of `create` and `update`, an association's list, `appends` and
 * `fields` that reach a WeCom authenticator or sync source from another collection), the records of those two
 * collections leave with their secrets withheld (`withholdSecrets`). Their `options` cannot be searched either: a
 * filter on them (`options.wecom.secret $startsWith …`) would tell the secret one guess at a time.
 *
 * Why not a database hook (`afterFind`) or the model's `toJSON`: the sign-in and the sync read these records through
 * the repository, and NocoBase's authenticator cache stores them (serialised, on Redis): both must see the secrets.
 * So only what goes back over HTTP is changed, on a copy; the models themselves are never touched.
 */
import type { Context, Next } from '@nocobase/actions';
import type { Collection, Database, Model } from '@nocobase/database';
import type Application from '@nocobase/server';
import { MSG } from '../failures';
import { requestLanguage, translate } from '../i18n';
import { WRITE_ONLY_KINDS, withholdSecrets, type WriteOnlyKind } from './values';

/** plugin-auth's actions that answer no stored record (`publicList` answers each type's public options only). */
const NOT_RECORDS = ['publicList', 'listTypes'];

/** Actions whose answer is the record as saved: NocoBase's authenticator cache renders `{{$env.NAME}}` into it. */
const SAVING_ACTIONS = ['create', 'update', 'updateOrCreate', 'firstOrCreate'];

const kindOf = (collection: Collection | undefined): WriteOnlyKind | undefined =>
  WRITE_ONLY_KINDS.find((kind) => kind.collection === collection?.name);

export function withholdSecretsInAnswers(app: Application) {
  // The resourcer types its middlewares with its own context; NocoBase hands every one the full one.
  type Middleware = Parameters<typeof app.resourceManager.use>[0];
  app.resourceManager.use(
    async function withholdWecomSecrets(ctx: Context, next: Next) {
      const action = ctx.action;
      const collection = action?.resourceName ? collectionOf(ctx.db, action.resourceName) : undefined;
      if (!collection || NOT_RECORDS.includes(action.actionName)) {
        return next();
      }
      if (pathsOf(action.params?.filter).some((path) => readsWriteOnly(ctx.db, collection, path))) {
        ctx.throw(400, translate(ctx, requestLanguage(ctx), MSG.writeOnlyFilter), { code: 'writeOnlyFilter' });
      }
      await next();
      const paths = [...listOf(action.params?.appends), ...listOf(action.params?.fields)].map((p) => p.split('.'));
      if (kindOf(collection) || paths.some((path) => reachesWriteOnly(ctx.db, collection, path))) {
        ctx.body = await withheldAnswer(ctx, collection, ctx.body, SAVING_ACTIONS.includes(action.actionName));
      }
    } as unknown as Middleware,
    { tag: 'wecom-withhold-secrets' },
  );
}

/** The collection an action works on: `name`, or the target of `source.association`. */
function collectionOf(db: Database, resourceName: string): Collection | undefined {
  const [name, association] = resourceName.split('.');
  const collection = db.getCollection(name);
  return association ? targetOf(db, collection, association) : collection;
}

function targetOf(db: Database, collection: Collection | undefined, fieldName: string): Collection | undefined {
  const target = (collection?.getField(fieldName) as { target?: string } | undefined)?.target;
  return target ? db.getCollection(target) : undefined;
}

/** Whether a dotted path from `collection` ends inside the `options` of a WeCom record (or all of it). */
function readsWriteOnly(db: Database, collection: Collection, path: string[]): boolean {
  let at: Collection | undefined = collection;
  for (const segment of path) {
    if (!at) return false;
    if (kindOf(at) && segment === 'options') return true;
    at = targetOf(db, at, segment);
  }
  return false;
}

/** Whether an `appends` / `fields` path goes through a collection of WeCom records. */
function reachesWriteOnly(db: Database, collection: Collection, path: string[]): boolean {
  let at: Collection | undefined = collection;
  for (const segment of path) {
    at = targetOf(db, at, segment);
    if (!at) return false;
    if (kindOf(at)) return true;
  }
  return false;
}

function listOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).filter(
    (item): item is string => typeof item === 'string',
  );
}

/** Every field path a filter names (`a.b` keys and nested objects alike, through `$and` / `$or`). */
function pathsOf(filter: unknown, prefix: string[] = []): string[][] {
  if (typeof filter === 'string') {
    try {
      return pathsOf(JSON.parse(filter), prefix);
    } catch {
      return [];
    }
  }
  if (Array.isArray(filter)) return filter.flatMap((item) => pathsOf(item, prefix));
  if (!filter || typeof filter !== 'object') return [];
  return Object.entries(filter).flatMap(([key, value]) => {
    if (key.startsWith('$')) return pathsOf(value, prefix);
    const path = [...prefix, ...key.split('.')];
    return [path, ...pathsOf(value, path)];
  });
}

/** A plain copy of the answer with every WeCom record's secrets withheld; a stream or a file goes as it is. */
async function withheldAnswer(ctx: Context, collection: Collection, body: unknown, saved: boolean): Promise<unknown> {
  if (
    !body ||
    typeof body !== 'object' ||
    Buffer.isBuffer(body) ||
    typeof (body as { pipe?: unknown }).pipe === 'function'
  ) {
    return body;
  }
  const plain = JSON.parse(JSON.stringify(body));
  const found: Array<{ kind: WriteOnlyKind; record: Record<string, unknown> }> = [];
  collect(ctx.db, collection, plain, found);
  if (saved) {
    await readStoredOptions(ctx.db, found);
  }
  for (const { kind, record } of found) {
    record.options = withholdSecrets(kind, record.options);
  }
  return plain;
}

function collect(
  db: Database,
  collection: Collection | undefined,
  value: unknown,
  found: Array<{ kind: WriteOnlyKind; record: Record<string, unknown> }>,
) {
  if (Array.isArray(value)) {
    value.forEach((item) => collect(db, collection, item, found));
    return;
  }
  if (!collection || !value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.rows) && 'count' in record) {
    collect(db, collection, record.rows, found); // a page of `list`
    return;
  }
  const kind = kindOf(collection);
  // `fields` may leave the type out: such a record is treated as a WeCom one.
  if (kind && 'options' in record && [undefined, kind.type].includes(record[kind.typeField] as string)) {
    found.push({ kind, record });
  }
  for (const [key, nested] of Object.entries(record)) {
    if (nested && typeof nested === 'object') {
      collect(db, targetOf(db, collection, key), nested, found);
    }
  }
}

/** The answer of a save holds the options NocoBase's cache rendered (`{{$env.NAME}}` → value): read them as stored. */
async function readStoredOptions(db: Database, found: Array<{ kind: WriteOnlyKind; record: Record<string, unknown> }>) {
  for (const kind of WRITE_ONLY_KINDS) {
    const records = found.filter((item) => item.kind === kind && item.record.id !== undefined).map((i) => i.record);
    if (!records.length) continue;
    const rows = await db.getRepository(kind.collection).find({
      filter: { id: { $in: records.map((record) => record.id) } },
      fields: ['id', 'options'],
    });
    const stored = new Map(rows.map((row: Model) => [String(row.get('id')), row.get('options')]));
    for (const record of records) {
      if (stored.has(String(record.id))) record.options = stored.get(String(record.id));
    }
  }
}
