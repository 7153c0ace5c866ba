/** Conformance of the WeCom emulator to the facts in docs/wecom-api.md (fast: no NocoBase server involved). */
import { WecomEmulator } from '..';

const CORP = 'wwcorp0001';
const AGENT = '1000002';
const SECRET = 'test-secret';
const members = [
  { userid: 'ZhangSan', name: 'Zhang <San>', mobile: '13800000000', email: 'zs@example.com', gender: '1' },
  { userid: 'wechat1', name: 'Guest', nonMember: true },
  { userid: 'outsider', name: 'Out', inScope: false },
  { userid: 'gone', name: 'Gone', status: 5 as const },
];

let emu: WecomEmulator;
const get = async (path: string): Promise<any> => (await fetch(emu.baseUrl + path)).json();
const token = async (): Promise<string> =>
  (await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`)).access_token;
const userinfo = async (code: string) => get(`/cgi-bin/auth/getuserinfo?access_token=${await token()}&code=${code}`);
const manual = (path: string) => fetch(emu.baseUrl + path, { redirect: 'manual' });
const codeOf = (res: Response) => new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
const authorize = (extra: string, redirect = 'http://app.test/cb?authenticator=x') =>
  manual(
    `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${encodeURIComponent(redirect)}` +
      `&response_type=code&state=abc123${extra}`,
  );

beforeAll(async () => {
  emu = await WecomEmulator.start({ corpId: CORP, agentId: AGENT, secret: SECRET, members, tokenTtlSeconds: 0.3 });
});
afterAll(() => emu.stop());

test('gettoken: issue, reuse, expiry and credentials', async () => {
  const first = await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`);
  expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 1 });
  expect(first.access_token).toMatch(/^[A-Za-z0-9_-]{1,512}$/);
  expect(await token()).toBe(first.access_token);
  expect((await get(`/cgi-bin/user/get?access_token=${first.access_token}&userid=zhangsan`)).errcode).toBe(0);
  await new Promise((r) => setTimeout(r, 350));
  expect((await get(`/cgi-bin/user/get?access_token=${first.access_token}&userid=zhangsan`)).errcode).toBe(42001);
  const second = await token();
  expect(second).not.toBe(first.access_token);
  emu.expireTokens(40014);
  expect((await get(`/cgi-bin/user/get?access_token=${second}&userid=zhangsan`)).errcode).toBe(40014);
  expect((await get('/cgi-bin/user/get?userid=zhangsan')).errcode).toBe(41001);
  expect((await get('/cgi-bin/user/get?access_token=nope&userid=zhangsan')).errcode).toBe(40014);
  expect((await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=bad`)).errcode).toBe(40001);
  expect((await get(`/cgi-bin/gettoken?corpid=bad&corpsecret=${SECRET}`)).errcode).toBe(40013);
});

test('codes are single use; non-members and members outside the scope', async () => {
  const code = emu.issueCode('zhangsan');
  expect(await userinfo(code)).toEqual({ errcode: 0, errmsg: 'ok', userid: 'ZhangSan' });
  expect((await userinfo(code)).errcode).toBe(42022);
  expect((await userinfo('unknown')).errcode).toBe(40029);
  const guest = await userinfo(emu.issueCode('wechat1', { withTicket: true }));
  expect(guest).toMatchObject({ errcode: 0, openid: expect.any(String), external_userid: expect.any(String) });
  expect(guest.userid).toBeUndefined();
  expect((await userinfo(emu.issueCode('outsider'))).errcode).toBe(50002);
});

test('user_ticket only with snsapi_privateinfo and agentid; getuserdetail and user/get fields', async () => {
  const withTicket = await userinfo(codeOf(await authorize(`&scope=snsapi_privateinfo&agentid=${AGENT}`)));
  expect(withTicket.user_ticket).toEqual(expect.any(String));
  expect((await userinfo(codeOf(await authorize('&scope=snsapi_privateinfo')))).user_ticket).toBeUndefined();
  const sso = await manual(
    `/wwlogin/sso/login?login_type=CorpApp&appid=${CORP}&agentid=${AGENT}` +
      `&redirect_uri=${encodeURIComponent('http://app.test/cb')}&state=s1&lang=en`,
  );
  expect(sso.status).toBe(302);
  expect((await userinfo(codeOf(sso))).user_ticket).toBeUndefined();

  const res = await fetch(`${emu.baseUrl}/cgi-bin/auth/getuserdetail?access_token=${await token()}`, {
    method: 'POST',
    body: JSON.stringify({ user_ticket: withTicket.user_ticket }),
  });
  expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  const detail = await res.json();
  expect(detail).toMatchObject({ errcode: 0, userid: 'ZhangSan', mobile: '13800000000', gender: '1' });
  expect(detail.email).toBe('zs@example.com');
  expect(Object.keys(detail)).toEqual(expect.arrayContaining(['avatar', 'qr_code', 'biz_mail', 'address']));
  expect(detail.name).toBeUndefined();

  const user = await get(`/cgi-bin/user/get?access_token=${await token()}&userid=ZHANGSAN`);
  expect(user).toMatchObject({ errcode: 0, userid: 'ZhangSan', name: 'Zhang <San>', status: 1, enable: 1 });
  for (const key of ['mobile', 'email', 'avatar']) expect(user[key]).toBeUndefined();
  expect((await get(`/cgi-bin/user/get?access_token=${await token()}&userid=gone`)).status).toBe(5);
  expect((await get(`/cgi-bin/user/get?access_token=${await token()}&userid=nobody`)).errcode).toBe(60111);
});

test('authorize: redirect keeps the query; trusted domain; blocked IP', async () => {
  const ok = await authorize('&scope=snsapi_base');
  expect(ok.status).toBe(302);
  expect(ok.headers.get('location')).toMatch(/^http:\/\/app\.test\/cb\?authenticator=x&code=[\w-]+&state=abc123$/);
  expect(await (await authorize('&scope=snsapi_base&agentid=999')).text()).toContain('40056');

  emu.update({ trustedDomain: 'app.test' });
  expect((await authorize('&scope=snsapi_base')).status).toBe(302);
  for (const uri of ['https://app.test:443/cb', 'https://evil.test/cb']) {
    const page = await authorize('&scope=snsapi_base', uri);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('50001');
  }
  emu.update({ trustedDomain: undefined, blockedIp: '203.0.113.7' });
  const blocked = await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`);
  expect(blocked.errcode).toBe(60020);
  expect(blocked.errmsg).toContain('from ip: 203.0.113.7');
  emu.update({ blockedIp: undefined });
});

test('faults: truncate, HTTP 502, counters', async () => {
  emu.resetCalls();
  emu.failNext('gettoken', { truncate: true });
  await expect(
    fetch(`${emu.baseUrl}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`).then((r) => r.text()),
  ).rejects.toThrow();
  emu.failNext('user/get', { httpStatus: 502 });
  const bad = await fetch(`${emu.baseUrl}/cgi-bin/user/get?access_token=${await token()}&userid=zhangsan`);
  expect(bad.status).toBe(502);
  expect(bad.headers.get('content-type')).toMatch(/text\/html/);
  expect(emu.calls).toMatchObject({ gettoken: 2, 'user/get': 1 });
  expect(emu.faultsInjected).toBe(2);
});

test('interactive sandbox page; a hung request ends with stop()', async () => {
  const options = { corpId: CORP, agentId: AGENT, secret: SECRET, members, interactive: true };
  const sandbox = await WecomEmulator.start(options);
  const page = await fetch(
    `${sandbox.baseUrl}/connect/oauth2/authorize?appid=${CORP}&response_type=code` +
      `&scope=snsapi_base&state=x&redirect_uri=${encodeURIComponent('http://app.test/cb')}`,
    { redirect: 'manual' },
  );
  const html = await page.text();
  expect(html).toContain('WeCom sandbox — not the real WeCom');
  expect(html).toContain('Zhang &lt;San&gt;');
  expect(html).toContain('left the company');
  const link = /href="(\/sandbox\/pick[^"]+userid=ZhangSan)"/.exec(html)?.[1].replace(/&amp;/g, '&');
  const picked = await fetch(sandbox.baseUrl + link, { redirect: 'manual' });
  expect(picked.headers.get('location')).toMatch(/^http:\/\/app\.test\/cb\?code=[\w-]+&state=x$/);

  sandbox.failNext('gettoken', { hang: true });
  const hung = fetch(`${sandbox.baseUrl}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`);
  await new Promise((r) => setTimeout(r, 50));
  await sandbox.stop();
  await expect(hung).rejects.toThrow();
});
