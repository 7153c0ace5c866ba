import enUS from '../../../locale/en-US.json';
import jaJP from '../../../locale/ja-JP.json';
import zhCN from '../../../locale/zh-CN.json';
import { NOTIFY_MSG } from '../refusals';
import { NotifySite, startNotifySite } from './notify-site';

const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();

describe('the send log in the app’s language', () => {
  it.each([
    ['en-US', enUS],
    ['zh-CN', zhCN],
    ['ja-JP', jaJP],
  ])('%s has every send-log text, with the same placeholders', (_lang, messages: Record<string, string>) => {
    for (const key of Object.values(NOTIFY_MSG)) {
      expect(messages[key]).toEqual(expect.any(String));
      expect(placeholders(messages[key])).toEqual(placeholders(key));
    }
  });

  describe('on a server whose language is Chinese', () => {
    let site: NotifySite;

    beforeAll(async () => {
      site = await startNotifySite();
    });
    afterAll(async () => {
      await site.app.i18n.changeLanguage('en-US');
      await site?.close();
    });

    it('writes the reason in that language, WeCom’s refusals included', async () => {
      const bound = await site.boundUser('li');
      const unbound = await site.plainUser();
      await site.app.i18n.changeLanguage('zh-CN');
      const log = await site.sendNow({ content: { title: '通知' } }, [bound, unbound]);
      expect(log.reason).toBe(`已通过企业微信发送给 2 个用户中的 1 个。 未关联企业微信账号：用户 ${unbound}。`);
      site.wecom.failNext('message/send', { errcode: 45009 });
      const refused = await site.sendNow({ content: { title: '通知' } }, [bound]);
      expect(refused.reason).toContain('调用企业微信接口过于频繁，请一分钟后重试。');
    });
  });
});
