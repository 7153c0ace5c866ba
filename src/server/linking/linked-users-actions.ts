import type { Context, Next } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import type { HandlerType } from '@nocobase/resourcer';
import type Application from '@nocobase/server';
import { ACTION_LINKED_USERS, ACTION_UNLINK_USER, AUTH_TYPE, RESOURCE } from '../../constants';
import { requestLanguage, translate } from '../i18n';
import { renderVariables } from '../settings';
import { MSG } from '../../messages';
import type { LinkedUser, LinkedUsersPage } from '../../linked-user';

/**
 * The admin's "Linked users" view of one WeCom authenticator, behind the ACL of authenticator management
 * (plugin-auth's snippet `pm.<its name>.authenticators`; root passes every check):
 * - `GET wecom:linkedUsers?authenticator=NAME&page=1&pageSize=20` → `{ users: LinkedUser[], count, page, pageSize }`,
 *   newest first, one page at a time (a company has thousands of members): only that authenticator's bindings;
 *   `stale` marks one made under another Corp ID than the authenticator's (a `{{$env.NAME}}` Corp ID resolved), which
 *   signs nobody in;
 * - `POST wecom:unlinkUser` `{ authenticator, userId }` → `{ unlinked }`: removes that user's binding.
 * The authenticator may be disabled (an admin still sees and removes its bindings), never of another type.
 */

/** What a binding's `meta` holds (see bindings.ts). */
interface BindingMeta {
  userid?: string;
  corpId?: string;
  linkedBy?: string;
}

async function wecomRecord(ctx: Context, name: unknown): Promise<Model> {
  const record =
    typeof name === 'string' && name
      ? await ctx.db.getRepository('authenticators').findOne({ filter: { name, authType: AUTH_TYPE } })
      : null;
  if (!record) {
    ctx.throw(400, translate(ctx, requestLanguage(ctx), MSG.unknownAuthenticator, { name: String(name ?? '') }), {
      code: 'unknownAuthenticator',
    });
  }
  return record;
}

/** The page size when none is asked for, and the largest one served. */
export const LINKED_USERS_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 200;

const positive = (value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER) => {
  const number = Number(value);
  return Number.isSafeInteger(number) && number > 0 ? Math.min(number, max) : fallback;
};

export async function linkedUsers(ctx: Context, next: Next) {
  const record = await wecomRecord(ctx, ctx.action.params.authenticator);
  const options = renderVariables(ctx.app, record.get('options') ?? {});
  const corpId = String(options?.wecom?.corpId ?? '').trim();
  const page = positive(ctx.action.params.page, 1);
  const pageSize = positive(ctx.action.params.pageSize, LINKED_USERS_PAGE_SIZE, MAX_PAGE_SIZE);
  const filter = { authenticator: record.get('name') };
  const bindings = ctx.db.getRepository('usersAuthenticators');
  const count = await bindings.count({ filter });
  const rows = await bindings.find({
    filter,
    sort: ['-createdAt', '-userId'],
    offset: (page - 1) * pageSize,
    limit: pageSize,
  });
  const ids = rows.map((row: Model) => row.get('userId') as number);
  const people = ids.length ? await ctx.db.getRepository('users').find({ filter: { id: { $in: ids } } }) : [];
  const byId = new Map<number, Model>(people.map((user: Model) => [user.get('id') as number, user]));
  const users: LinkedUser[] = rows.map((row: Model) => {
    const meta: BindingMeta = row.get('meta') || {};
    const user = byId.get(row.get('userId') as number);
    return {
      userId: row.get('userId'),
      nickname: user?.get('nickname') ?? null,
      username: user?.get('username') ?? null,
      userid: meta.userid ?? row.get('uuid'),
      name: row.get('nickname') || meta.userid || row.get('uuid'),
      linkedAt: row.get('createdAt') ?? null,
      linkedBy: meta.linkedBy ?? null,
      stale: Boolean(meta.corpId) && meta.corpId !== corpId,
    };
  });
  ctx.body = { users, count, page, pageSize } satisfies LinkedUsersPage;
  await next();
}

export async function unlinkUser(ctx: Context, next: Next) {
  if (ctx.method !== 'POST') {
    ctx.throw(405);
  }
  const values = ctx.action.params.values ?? {};
  const record = await wecomRecord(ctx, values.authenticator);
  const userId = Number(values.userId);
  if (!Number.isSafeInteger(userId) || userId <= 0) {
    ctx.throw(400, 'userId is required');
  }
  const authenticator = record.get('name');
  const links = ctx.db.getRepository('usersAuthenticators');
  const found = await links.findOne({ filter: { authenticator, userId } });
  if (found) {
    await links.destroy({ filter: { authenticator, userId } });
    ctx.logger?.info?.('WeCom member unlinked by an admin', {
      method: 'wecom',
      authenticator,
      userId,
      by: ctx.state.currentUser?.id,
    });
  }
  ctx.body = { unlinked: Boolean(found) };
  await next();
}

/** Adds both actions, allowed only through the snippet that lets a role manage authenticators. */
export function registerLinkedUsers(app: Application) {
  const resource = app.resourceManager.getResource(RESOURCE);
  resource.addAction(ACTION_LINKED_USERS, linkedUsers as unknown as HandlerType);
  resource.addAction(ACTION_UNLINK_USER, unlinkUser as unknown as HandlerType);
  const authPlugin = app.pm.get('auth') ?? app.pm.get('@nocobase/plugin-auth');
  app.acl.registerSnippet({
    name: `pm.${authPlugin?.name ?? 'auth'}.authenticators`,
    actions: [`${RESOURCE}:${ACTION_LINKED_USERS}`, `${RESOURCE}:${ACTION_UNLINK_USER}`],
  });
}
