import { AUTO_SIGN_IN_TRIED_KEY, claimAutoSignIn } from '../auto-sign-in';
import { readSignInQuery } from '../sign-in-query';

const WXWORK_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.20 MicroMessenger/7.0.1 Language/zh';
const WECHAT_UA = 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40';
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

describe('claimAutoSignIn', () => {
  const noQuery = readSignInQuery('');

  it('claims once in the WeCom browser with autoLogin on', () => {
    const storage = memoryStorage();
    expect(claimAutoSignIn({ userAgent: WXWORK_UA, autoLogin: true, query: noQuery, storage })).toBe(true);
    expect(storage.getItem(AUTO_SIGN_IN_TRIED_KEY)).toBeTruthy();
    expect(claimAutoSignIn({ userAgent: WXWORK_UA, autoLogin: true, query: noQuery, storage })).toBe(false);
  });

  it('never claims outside WeCom (plain WeChat and desktop browsers included)', () => {
    for (const userAgent of [WECHAT_UA, DESKTOP_UA, undefined]) {
      expect(claimAutoSignIn({ userAgent, autoLogin: true, query: noQuery, storage: memoryStorage() })).toBe(false);
    }
  });

  it('never claims with autoLogin off, after a failed callback, or without storage', () => {
    expect(claimAutoSignIn({ userAgent: WXWORK_UA, autoLogin: false, query: noQuery, storage: memoryStorage() })).toBe(
      false,
    );
    const failed = readSignInQuery('?authenticator=wecom&error=Denied');
    expect(claimAutoSignIn({ userAgent: WXWORK_UA, autoLogin: true, query: failed, storage: memoryStorage() })).toBe(
      false,
    );
    expect(claimAutoSignIn({ userAgent: WXWORK_UA, autoLogin: true, query: noQuery, storage: undefined })).toBe(false);
  });

  it('stays manual when the storage throws', () => {
    const broken = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(claimAutoSignIn({ userAgent: WXWORK_UA, autoLogin: true, query: noQuery, storage: broken })).toBe(false);
  });
});
