/** The server of the user center's WeCom entry, faked as it answers (v1 and v2 tests share it). */
import type { ApiRequestConfig } from '../shared/api';

export const LINK_URL = 'https://login.work.weixin.qq.com/wwlogin/sso/login?appid=ww0123456789abcdef&state=s2';

/** The user's binding starts as `linked`; unlink and getAuthUrl answer as the server does. */
export function fakeUserCenterApi(
  linked: boolean,
  authenticators = [{ name: 'wecom', authType: 'wecom', title: 'WeCom (HQ)' }],
) {
  let current = linked;
  return {
    request: jest.fn(async (config: ApiRequestConfig) => {
      switch (config.url) {
        case 'authenticators:publicList':
          return { data: { data: [{ name: 'basic', authType: 'Email/Password' }, ...authenticators] } };
        case 'wecom:myLink':
          return { data: { data: current ? { linked: true, userid: 'wangwu', name: '王五' } : { linked: false } } };
        case 'wecom:unlink':
          current = false;
          return { data: { data: { unlinked: true, name: '王五' } } };
        case 'wecom:getAuthUrl':
          return { data: { data: { url: LINK_URL } } };
        default:
          throw new Error(`unexpected ${config.url}`);
      }
    }),
  };
}
