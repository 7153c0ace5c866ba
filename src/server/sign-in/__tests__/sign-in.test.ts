import { DESKTOP_UA, member, Site, startWecomSite, WXWORK_UA } from '../../__tests__/harness';

describe('WeCom sign-in on a real NocoBase server', () => {
  let site: Site;
  let name: string;

  beforeAll(async () => {
    ({ site, name } = await startWecomSite());
  });
  afterAll(() => site?.close());

  const users = () => site.app.db.getRepository('users');
  const bindings = (uuid: string) =>
    site.app.db.getRepository('usersAuthenticators').find({ filter: { authenticator: name, uuid } });

  it('matches the first in-client sign-in by phone, binds the userid, and a later QR sign-in finds the same user', async () => {
    const user = await users().create({ values: { nickname: 'Zhang San', phone: '+86 138-0000-0001' } });
    site.wecom.setMember(member('ZhangSan', { mobile: '13800000001', email: 'zs@example.com' }));

    const first = await site.browser(WXWORK_UA).signIn(name, 'ZhangSan');
    expect(first.error).toBeUndefined();
    expect(first.location.pathname).toBe('/admin');
    expect(first.location.searchParams.get('authenticator')).toBe(name);
    expect((await site.browser().check(name, first.token as string)).id).toBe(user.id);
    expect(await bindings('zhangsan')).toHaveLength(1);

    site.wecom.resetCalls();
    const qr = await site.browser(DESKTOP_UA).signIn(name, 'ZhangSan');
    expect((await site.browser().check(name, qr.token as string)).id).toBe(user.id);
    // A bound member's QR sign-in costs one WeCom call: the token is cached.
    expect(site.wecom.calls).toMatchObject({ getuserinfo: 1, gettoken: 0, getuserdetail: 0, 'user/get': 0 });
  });

  it('sends the in-client browser to the private-info authorization and any other to the QR login', async () => {
    const inClient = new URL((await site.browser(WXWORK_UA).getAuthUrl({ authenticator: name })).body.data.url);
    expect(inClient.pathname).toBe('/connect/oauth2/authorize');
    expect(inClient.searchParams.get('scope')).toBe('snsapi_privateinfo');
    expect(inClient.searchParams.get('agentid')).toBe('1000002');
    expect(inClient.hash).toBe('#wechat_redirect');
    const qr = new URL((await site.browser(DESKTOP_UA).getAuthUrl({ authenticator: name })).body.data.url);
    expect(qr.pathname).toBe('/wwlogin/sso/login');
    expect(qr.searchParams.get('login_type')).toBe('CorpApp');
    const callback = new URL(qr.searchParams.get('redirect_uri') as string);
    expect(callback.pathname).toBe('/wecom:redirect');
    expect(callback.searchParams.get('authenticator')).toBe(name);
    expect(qr.searchParams.get('state')).toMatch(/^[A-Za-z0-9]{1,128}$/);
  });

  it('lands on the page the sign-in page asked for', async () => {
    const userId = await site.addMatchingUser('lisi', '13800000002', 'Li Si');
    const result = await site.browser(WXWORK_UA).signIn(name, 'lisi', { redirect: '/admin/settings?tab=2' });
    expect(result.location.pathname).toBe('/admin/settings');
    expect(result.location.searchParams.get('tab')).toBe('2');
    expect((await site.browser().check(name, result.token as string)).id).toBe(userId);
  });

  it('creates the user on first in-client sign-in when auto-signup is on, with the default role', async () => {
    const open = await site.addAuthenticator({ public: { autoSignup: true } });
    site.wecom.setMember(member('wangwu', { name: 'Wang Wu', mobile: '13800000003', email: 'ww@example.com' }));
    const result = await site.browser(WXWORK_UA).signIn(open, 'wangwu');
    expect(result.error).toBeUndefined();
    const created = await users().findOne({ filter: { phone: '13800000003' }, appends: ['roles'] });
    expect(created.nickname).toBe('Wang Wu');
    expect(created.email).toBe('ww@example.com');
    expect(created.roles.map((role: any) => role.name)).toContain('member');
    expect((await site.browser().check(open, result.token as string)).id).toBe(created.id);
    // The next sign-in, in the client or by QR, is the same user, and no second user appears.
    const again = await site.browser(DESKTOP_UA).signIn(open, 'wangwu');
    expect((await site.browser().check(open, again.token as string)).id).toBe(created.id);
    expect(await users().count({ filter: { phone: '13800000003' } })).toBe(1);
  });

  it('refuses a member with no matching user when auto-signup is off, and creates nothing', async () => {
    site.wecom.setMember(member('nobody', { mobile: '13800000004' }));
    const before = await users().count();
    const result = await site.browser(WXWORK_UA).signIn(name, 'nobody');
    expect(result.location.pathname).toBe('/signin');
    expect(result.location.searchParams.get('authenticator')).toBe(name);
    expect(result.error).toMatch(/automatic sign-up is off/);
    expect(result.token).toBeUndefined();
    expect(await users().count()).toBe(before);
    expect(await bindings('nobody')).toHaveLength(0);
  });

  it('tells a member whose first sign-in is by QR code to open the app from the WeCom workbench', async () => {
    site.wecom.setMember(member('newbie', { mobile: '13800000005' }));
    const result = await site.browser(DESKTOP_UA).signIn(name, 'newbie');
    expect(result.error).toMatch(/WeCom workbench/);
  });

  it('refuses a non-member, and a disabled member', async () => {
    site.wecom.setMember(member('outsider', { nonMember: true }));
    expect((await site.browser(WXWORK_UA).signIn(name, 'outsider')).error).toMatch(/not a member of this company/);
    await users().create({ values: { nickname: 'Gone', phone: '13800000006' } });
    site.wecom.setMember(member('gone', { mobile: '13800000006', status: 2 }));
    expect((await site.browser(WXWORK_UA).signIn(name, 'gone')).error).toMatch(/disabled, not activated, or has left/);
    expect(await bindings('gone')).toHaveLength(0);
  });

  it('refuses when two users have the mobile number in different spellings, and binds nothing', async () => {
    await users().create({ values: { nickname: 'A', phone: '13800000007' } });
    await users().create({ values: { nickname: 'B', phone: '+86 138 0000 0007' } });
    site.wecom.setMember(member('twin', { mobile: '13800000007' }));
    expect((await site.browser(WXWORK_UA).signIn(name, 'twin')).error).toMatch(/More than one user/);
    expect(await bindings('twin')).toHaveLength(0);
  });

  it("answers in the language of the request, and shows WeCom's QR page in it", async () => {
    const browser = site.browser(DESKTOP_UA);
    const refused = await browser.getAuthUrl({ authenticator: 'nope' }, { 'X-Locale': 'zh-CN' });
    expect(refused.body.errors[0].message).toBe('没有名为“nope”的已启用企业微信登录方式。');
    const qr = new URL((await browser.getAuthUrl({ authenticator: name }, { 'X-Locale': 'zh-CN' })).body.data.url);
    expect(qr.searchParams.get('lang')).toBe('zh');
    const english = new URL((await browser.getAuthUrl({ authenticator: name }, { 'X-Locale': 'fr-FR' })).body.data.url);
    expect(english.searchParams.get('lang')).toBe('en');
  });

  it('signs in from the workbench link straight into the in-client authorization', async () => {
    const userId = await site.addMatchingUser('zhaoliu', '13800000009', 'Zhao Liu');
    const browser = site.browser(WXWORK_UA);
    const res = await browser.get(`/wecom:workbench?authenticator=${name}`);
    expect(res.status).toBe(302);
    const authorize = new URL(res.headers.location);
    expect(authorize.searchParams.get('scope')).toBe('snsapi_privateinfo');
    site.wecom.loginAs = 'zhaoliu';
    const result = await browser.follow(await browser.visitWecom(authorize.toString()));
    expect((await browser.check(name, result.token as string)).id).toBe(userId);
  });
});
