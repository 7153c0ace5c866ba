/**
 * A real NocoBase server with NocoBase's notification manager (and, when asked, the workflow and its Notification
 * node) beside this plugin, a WeCom authenticator pointed at the loopback emulator, and a `wecom` channel.
 */
import type PluginNotificationManagerServer from '@nocobase/plugin-notification-manager';
import { randomBytes } from 'crypto';
import { CORP_ID, member, Site, startSite } from '../../__tests__/harness';
import type { EmulatorMember } from '../../../../test/wecom-emulator';

export const ORIGIN = 'https://nb.example.com';

export interface NotifySite extends Site {
  authenticator: string;
  channel: string;
  manager: PluginNotificationManagerServer;
  /** A user bound to the WeCom member `userid` (who exists in the emulator unless `inWecom` is false). */
  boundUser(
    userid: string,
    options?: { inWecom?: boolean; member?: Partial<EmulatorMember>; corpId?: string },
  ): Promise<number>;
  /** A user with no WeCom binding. */
  plainUser(): Promise<number>;
  /** Sends now, as `sendToUsers` callers and the workflow's "Test" reach the channel; the send log's row. */
  sendNow(
    message: Record<string, unknown>,
    userIds?: number[],
    channel?: string,
    data?: Record<string, unknown>,
  ): Promise<SendLog>;
  addChannel(options: Record<string, unknown>): Promise<string>;
}

export interface SendLog {
  id: string;
  status: string;
  reason: string;
  message: Record<string, unknown>;
}

export async function startNotifySite(
  options: { workflow?: boolean; origin?: string | null } = {},
): Promise<NotifySite> {
  const plugins = ['notification-manager', ...(options.workflow ? ['workflow', 'workflow-notification'] : [])];
  const site = await startSite({}, { plugins });
  const origin = options.origin === null ? {} : { origin: options.origin ?? ORIGIN };
  const authenticator = await site.addAuthenticator({ wecom: origin });
  const manager = site.app.pm.get('notification-manager') as PluginNotificationManagerServer;
  let users = 0;
  const notify: NotifySite = {
    ...site,
    authenticator,
    manager,
    channel: '',
    async addChannel(channelOptions) {
      const name = `wecom_${randomBytes(3).toString('hex')}`;
      await site.app.db.getRepository('notificationChannels').create({
        values: { name, title: `WeCom ${name}`, notificationType: 'wecom', options: channelOptions },
      });
      return name;
    },
    async plainUser() {
      const user = await site.app.db.getRepository('users').create({ values: { nickname: `User ${++users}` } });
      return user.id as number;
    },
    async boundUser(userid, more = {}) {
      const id = await notify.plainUser();
      if (more.inWecom !== false) {
        site.wecom.setMember(member(userid, more.member));
      }
      await site.app.db.getRepository('usersAuthenticators').create({
        values: {
          authenticator,
          userId: id,
          uuid: userid.toLowerCase(),
          nickname: userid,
          meta: { userid, corpId: more.corpId ?? CORP_ID },
        },
      });
      return id;
    },
    async sendNow(message, userIds, channel = notify.channel, data = {}) {
      const receivers = userIds ? { type: 'userId' as const, value: userIds } : undefined;
      const before = new Set((await logsOf(site, channel)).map((log) => log.id));
      await manager.sendNow({ channelName: channel, message, data, triggerFrom: 'test', receivers } as never);
      const written = (await logsOf(site, channel)).filter((log) => !before.has(log.id));
      expect(written).toHaveLength(1);
      return written[0];
    },
  };
  notify.channel = await notify.addChannel({ authenticator });
  return notify;
}

/** The send-log rows of `channel`. */
export async function logsOf(site: Site, channel: string): Promise<SendLog[]> {
  const rows = await site.app.db.getRepository('notificationSendLogs').find({ filter: { channelName: channel } });
  return rows.map((row: { toJSON(): unknown }) => row.toJSON() as SendLog);
}

/** Waits for `check` to give a value (polling the thing itself, never a fixed pause), up to `timeoutMs`. */
export async function until<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`gave up waiting after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
