/**
 * What the sandbox puts into NocoBase at each start, through its API as the root admin: the WeCom
 * authenticator (pointed at the sandbox, or at the real WeCom in real mode) and the sample users the
 * sandbox members are matched against. Both are created once and only corrected afterwards.
 */
import { AUTH_TYPE, SYNC_SOURCE_TYPE } from '../src/constants';
import { SAMPLE_USERS, SANDBOX_CORP } from './members';
import { NocoBaseApi } from './nocobase-api';
import { RealWecom } from './settings';

/** Name (Auth UID) of the authenticator `npm start` creates. */
export const AUTHENTICATOR = 'wecom';

export interface WecomTarget {
  /** The sandbox's base URL; absent in real mode. */
  sandboxUrl?: string;
  sandboxSecret: string;
  real?: RealWecom;
}

/** Creates or corrects the enabled `wecom` authenticator; other settings an admin changed are kept. */
export async function upsertAuthenticator(api: NocoBaseApi, target: WecomTarget): Promise<void> {
  const wecom = target.real
    ? { ...target.real, origin: target.real.origin ?? '', apiBaseUrl: '', oauthBaseUrl: '', ssoBaseUrl: '' }
    : {
        ...SANDBOX_CORP,
        secret: target.sandboxSecret,
        origin: '',
        apiBaseUrl: target.sandboxUrl,
        oauthBaseUrl: target.sandboxUrl,
        ssoBaseUrl: target.sandboxUrl,
      };
  const [existing] = await api.call('authenticators:list', { query: { filter: { name: AUTHENTICATOR } } });
  if (!existing) {
    await api.call('authenticators:create', {
      values: {
        name: AUTHENTICATOR,
        authType: AUTH_TYPE,
        enabled: true,
        description: target.real ? 'WeCom' : 'WeCom sandbox (npm start)',
        options: { public: { autoSignup: false, autoLogin: false }, wecom },
      },
    });
    return;
  }
  const options = existing.options || {};
  await api.call('authenticators:update', {
    query: { filterByTk: existing.id },
    values: { enabled: true, options: { ...options, wecom: { ...options.wecom, ...wecom } } },
  });
}

/** Creates the sample users that do not exist yet (by username), with NocoBase's member role. */
export async function ensureSampleUsers(api: NocoBaseApi): Promise<void> {
  for (const user of SAMPLE_USERS) {
    const found = await api.call('users:list', { query: { filter: { username: user.username } } });
    if (!found?.length) {
      await api.call('users:create', { values: { ...user, roles: ['member'] } });
    }
  }
}

/** Name of the WeCom contacts sync source `npm start` creates (sandbox mode only). */
export const SYNC_SOURCE = 'wecom_sandbox';

/**
 * Creates (once) the sandbox's WeCom sync source: the app's Secret, the `wecom` authenticator's bindings.
 * Only when NocoBase's User data synchronization and Departments are enabled; otherwise it says so and goes on.
 */
export async function ensureSyncSource(
  api: NocoBaseApi,
  target: Required<Pick<WecomTarget, 'sandboxUrl' | 'sandboxSecret'>>,
  log: (line: string) => void,
): Promise<void> {
  let existing: unknown[];
  try {
    await api.call('departments:list', { query: { pageSize: 1 } });
    existing = await api.call('userDataSyncSources:list', { query: { filter: { name: SYNC_SOURCE } } });
  } catch {
    log('No WeCom sync source: enable User data synchronization and Departments to try the contacts sync.');
    return;
  }
  if (existing?.length) {
    return;
  }
  await api.call('userDataSyncSources:create', {
    values: {
      name: SYNC_SOURCE,
      sourceType: SYNC_SOURCE_TYPE,
      displayName: 'WeCom sandbox contacts',
      enabled: true,
      options: {
        corpId: SANDBOX_CORP.corpId,
        secret: target.sandboxSecret,
        authenticator: AUTHENTICATOR,
        apiBaseUrl: target.sandboxUrl,
      },
    },
  });
}
