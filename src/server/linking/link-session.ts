import type { Context } from '@nocobase/actions';
import type Database from '@nocobase/database';
import { ROOT_ROLE } from '../accounts/user-index';
import type { LinkSession } from './pending-link';

/**
 * Who is on the other side of a pending link's confirmation: the NocoBase session (a token's user and the time of
 * the sign-in that began it, which NocoBase keeps through token renewals) and the account as the page names it.
 */

/** The session a NocoBase token stands for, read from its payload; undefined for anything else. */
export function sessionOfToken(token: unknown): LinkSession | undefined {
  if (typeof token !== 'string') {
    return undefined;
  }
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const userId = Number(payload?.userId);
    const signInTime = Number(payload?.signInTime);
    return Number.isSafeInteger(userId) && userId > 0 && Number.isSafeInteger(signInTime) && signInTime > 0
      ? { userId, signInTime }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The session of this request, once NocoBase's auth check has verified its token (it set the current user from
 * that very token); undefined without one.
 */
export function currentSession(ctx: Context): LinkSession | undefined {
  const userId = Number(ctx.state?.currentUser?.id);
  const session = sessionOfToken(ctx.getBearerToken?.());
  return session && session.userId === userId ? session : undefined;
}

export const sameSession = (a: LinkSession | undefined, b: LinkSession | undefined) =>
  Boolean(a && b) && a!.userId === b!.userId && a!.signInTime === b!.signInTime;

/** The account a confirmation names; `root` is never linked this way, `privileged` gets a warning line. */
export interface LinkAccount {
  id: number;
  nickname: string | null;
  username: string | null;
  root: boolean;
  privileged: boolean;
}

export async function linkAccountOf(db: Database, userId: number, privilegedRoles: string[]): Promise<LinkAccount> {
  const user = await db.getRepository('users').findOne({ filter: { id: userId }, fields: ['nickname', 'username'] });
  const roles = (await db.getModel('rolesUsers').findAll({
    attributes: ['roleName'],
    where: { userId, roleName: [...new Set([ROOT_ROLE, ...privilegedRoles])] },
    raw: true,
  })) as unknown as { roleName: string }[];
  return {
    id: userId,
    nickname: user?.get('nickname') ?? null,
    username: user?.get('username') ?? null,
    root: roles.some((role) => role.roleName === ROOT_ROLE),
    privileged: roles.length > 0,
  };
}
