import type Database from '@nocobase/database';
import type { Model } from '@nocobase/database';
import type { ProfileField } from '../../constants';
import type { MatchLogger } from './users';
import type { WecomMember } from '../wecom/types';

/**
 * Keeps a user's profile in step with WeCom at an in-client sign-in (the only one that carries the details), for
 * the fields the admin opted into (`options.wecom.syncProfile`):
 * - nickname: the member's WeCom name;
 * - email: the corporate email (`biz_mail`) when there is one, else the personal one; never an email another user
 *   has (`users.email` is unique): that one is left out and the sign-in goes on;
 * - avatar: the WeCom avatar URL, only when the users collection has a text field named `avatar` (NocoBase's
 *   has none by default: then it is skipped).
 * A field whose option is off is never touched; nothing is written when nothing changed. A failure is logged and
 * never fails the sign-in.
 */
export async function updateProfile(
  db: Database,
  user: Model,
  member: WecomMember,
  fields: ProfileField[],
  logger?: MatchLogger,
): Promise<void> {
  if (!member.inClient || !fields.length) {
    return;
  }
  try {
    const values = await changesOf(db, user, member, new Set(fields));
    if (Object.keys(values).length) {
      await db.getRepository('users').update({ filterByTk: user.get('id') as number, values });
      user.set(values);
    }
  } catch (error) {
    logger?.warn('WeCom sign-in: the profile could not be updated from WeCom', {
      method: 'wecom',
      wecomUserid: member.userid,
      userId: user.get('id'),
      error: String(error),
    });
  }
}

/** The fields to write: those opted into whose WeCom value is known and differs from the user's. */
async function changesOf(db: Database, user: Model, member: WecomMember, fields: Set<ProfileField>) {
  const values: Record<string, string> = {};
  const differs = (name: string, value: string | undefined): value is string =>
    Boolean(value) && value !== (user.get(name) ?? '');
  if (fields.has('nickname') && differs('nickname', member.name)) {
    values.nickname = member.name;
  }
  const email = member.bizMail || member.email;
  if (fields.has('email') && differs('email', email) && !(await emailTaken(db, email, user.get('id') as number))) {
    values.email = email;
  }
  if (fields.has('avatar') && hasAvatarField(db) && differs('avatar', member.avatar)) {
    values.avatar = member.avatar;
  }
  return values;
}

async function emailTaken(db: Database, email: string, userId: number): Promise<boolean> {
  return (await db.getRepository('users').count({ filter: { email, id: { $ne: userId } } })) > 0;
}

/** True when the users collection has an `avatar` field that holds text (a URL). */
function hasAvatarField(db: Database): boolean {
  const type = db.getCollection('users')?.getField('avatar')?.type;
  return type === 'string' || type === 'text';
}
