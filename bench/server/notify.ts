/**
 * The notification row's server side: users bound to two WeCom authenticators, a `wecom` channel on each, and sends
 * through NocoBase's notification manager exactly as a workflow or `sendToUsers` makes them (queued), timed from
 * `send()` to the send log's row. The second authenticator is the floor: its Corp ID is answered in this process
 * (`message/send` stubbed out, errcode 0 at once), so a floor send does everything a WeCom send does (settings,
 * receivers, bindings, the sealed link, the message, the queue, the send log) except the call to WeCom.
 */
import type { MockServer } from '@nocobase/test';
import { AUTH_TYPE } from '../../src/constants';
import { bindingUuid } from '../../src/server/accounts/users';
import { wecomRuntime } from '../../src/server/wecom/app-runtime';
import type { WecomConfig } from '../../src/server/wecom/types';
import { CORP, FLOOR_NOTIFY_CHANNEL, NOTIFY_CHANNEL, notifyUserid, NotifySend, WECOM_AUTHENTICATOR } from '../people';

const FLOOR_NOTIFY_AUTHENTICATOR = 'wecom_bench_notify_floor';
/** A Corp ID only the stub answers. */
const FLOOR_CORP_ID = 'wwbenchnotifyfloor';
/** How long a send may take before the run gives up on its log row (NocoBase's queue allows 15 s a job). */
const SEND_LOG_WAIT_MS = 30_000;

let userIds: number[] = [];

export async function seedNotify(app: MockServer, request: { receivers: number; emulatorUrl: string }) {
  const hosts = { apiBaseUrl: request.emulatorUrl, oauthBaseUrl: request.emulatorUrl, ssoBaseUrl: request.emulatorUrl };
  await app.db.getRepository('authenticators').create({
    values: {
      name: FLOOR_NOTIFY_AUTHENTICATOR,
      authType: AUTH_TYPE,
      enabled: true,
      options: { public: {}, wecom: { ...CORP, corpId: FLOOR_CORP_ID, ...hosts } },
    },
  });
  const now = new Date();
  const userids = Array.from({ length: request.receivers }, (_, index) => notifyUserid(index));
  const rows = userids.map((userid) => ({
    username: userid.toLowerCase(),
    nickname: userid,
    createdAt: now,
    updatedAt: now,
  }));
  for (let at = 0; at < rows.length; at += 1000) {
    await app.db.getModel('users').bulkCreate(rows.slice(at, at + 1000), { hooks: false });
  }
  const users = await app.db.getModel('users').findAll({
    where: { username: rows.map((row) => row.username) },
    attributes: ['id', 'username'],
    raw: true,
  });
  const idOf = new Map(users.map((user: any) => [user.username, user.id as number]));
  userIds = userids.map((userid) => idOf.get(userid.toLowerCase())!);
  const bindings = userids.flatMap((userid, index) =>
    [
      [WECOM_AUTHENTICATOR, CORP.corpId],
      [FLOOR_NOTIFY_AUTHENTICATOR, FLOOR_CORP_ID],
    ].map(([authenticator, corpId]) => ({
      authenticator,
      userId: userIds[index],
      uuid: bindingUuid(userid),
      nickname: userid,
      avatar: '',
      meta: { userid, corpId },
      createdAt: now,
      updatedAt: now,
    })),
  );
  for (let at = 0; at < bindings.length; at += 1000) {
    await app.db.getModel('usersAuthenticators').bulkCreate(bindings.slice(at, at + 1000), { hooks: false });
  }
  const channels = app.db.getRepository('notificationChannels');
  for (const [name, authenticator] of [
    [NOTIFY_CHANNEL, WECOM_AUTHENTICATOR],
    [FLOOR_NOTIFY_CHANNEL, FLOOR_NOTIFY_AUTHENTICATOR],
  ]) {
    await channels.create({
      values: { name, title: name, notificationType: 'wecom', options: { authenticator, origin: 'http://127.0.0.1' } },
    });
  }
  stubFloorSends(app);
  return { users: userIds.length, bindings: bindings.length };
}

/** The floor's WeCom: every call made with the floor's Corp ID is answered here, as a successful send. */
function stubFloorSends(app: MockServer) {
  const runtime = wecomRuntime(app);
  const callWithToken = runtime.callWithToken.bind(runtime);
  runtime.callWithToken = (async (config: WecomConfig, request: Parameters<typeof callWithToken>[1]) =>
    config.corpId === FLOOR_CORP_ID
      ? { errcode: 0, errmsg: 'ok', msgid: 'floor', invaliduser: '', unlicenseduser: '' }
      : callWithToken(config, request)) as typeof runtime.callWithToken;
}

type SendLog = { channelName?: string; status?: string; reason?: string };
const logWaiters = new Map<string, (log: SendLog) => void>();

/**
 * NocoBase writes a send's log row without model hooks: its writer is wrapped once, so that a timed send ends the
 * moment its row is written.
 */
function watchSendLogs(app: MockServer) {
  const manager = (app.pm.get('notification-manager') as any).manager;
  if (manager.wecomBenchWatched) return;
  const write = manager.createSendingRecord;
  manager.createSendingRecord = async (options: SendLog) => {
    const row = await write(options);
    logWaiters.get(String(options.channelName))?.(options);
    return row;
  };
  manager.wecomBenchWatched = true;
}

/** One queued send of a text card to the first `count` users, timed until its send-log row is written. */
export async function notifySend(app: MockServer, request: { channel: string; count: number }): Promise<NotifySend> {
  watchSendLogs(app);
  const logged = new Promise<SendLog>((resolve, reject) => {
    const timer = setTimeout(() => {
      logWaiters.delete(request.channel);
      reject(new Error(`no send log for ${request.channel} within ${SEND_LOG_WAIT_MS / 1000} s`));
    }, SEND_LOG_WAIT_MS);
    logWaiters.set(request.channel, (log) => {
      clearTimeout(timer);
      logWaiters.delete(request.channel);
      resolve(log);
    });
  });
  const started = performance.now();
  await (app.pm.get('notification-manager') as any).send({
    channelName: request.channel,
    message: {
      msgType: 'textcard',
      content: {
        title: 'Order 42 needs you',
        body: 'Please review order 42.',
        link: '/admin/orders/42',
        buttonText: 'Open',
      },
    },
    receivers: { type: 'userId', value: userIds.slice(0, request.count) },
    triggerFrom: 'bench',
  });
  const log = await logged;
  return { ms: performance.now() - started, status: String(log.status), reason: String(log.reason ?? '') };
}
