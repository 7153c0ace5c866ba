import { AGENT_ID, CORP_ID, SECRET, Site, startSite, WXWORK_UA } from '../../__tests__/harness';
import { WecomEmulator } from '../../../../test/wecom-emulator';

/**
 * "Check setup" against a real NocoBase server and the WeCom emulator, each ✗ produced by WeCom's console set
 * up wrong. The site is reached at https://nb.example.com (the Origin option), as WeCom would need it.
 */
const ORIGIN = 'https://nb.example.com';
const WELL_SET_UP = { redirectDomain: 'nb.example.com', departments: [1], users: [], tags: [], close: false };

describe('Check setup (wecom:checkSetup)', () => {
  let site: Site;
  let root: any;
  let admin: any;
  let memberUser: any;
  const answers: string[] = [];

  beforeAll(async () => {
    site = await startSite({ agent: WELL_SET_UP });
    const users = site.app.db.getRepository('users');
    root = await users.findOne({ filter: { 'roles.name': 'root' } });
    admin = await users.create({ values: { nickname: 'Admin', roles: ['admin'] } });
    memberUser = await users.create({ values: { nickname: 'Member', roles: ['member'] } });
  });
  afterAll(() => site?.close());
  afterEach(() => site.wecom.update({ agent: WELL_SET_UP, blockedIp: undefined }));

  const prefix = () => String(site.app.resourcer.options.prefix || '').replace(/\/+$/, '');
  const workbench = (name: string) => `${ORIGIN}${prefix()}/wecom:workbench?authenticator=${name}`;
  /** The ids of the saved authenticators, by name: the edit form of a saved one carries it. */
  const ids = new Map<string, number>();
  /** The form's values for an authenticator pointed at the emulator (the Secret left empty: the saved one). */
  const form = (name: string | undefined, wecom: Record<string, unknown> = {}) => ({
    id: name ? ids.get(name) : undefined,
    name,
    options: {
      wecom: {
        corpId: CORP_ID,
        agentId: AGENT_ID,
        secret: '',
        origin: ORIGIN,
        apiBaseUrl: site.wecom.baseUrl,
        ...wecom,
      },
    },
  });
  async function post(values: object, as: any = root, role = 'root') {
    const agent = as ? await site.app.agent().login(as, role) : site.app.agent();
    const res = await agent.post('/wecom:checkSetup').send(values);
    answers.push(res.text);
    return res;
  }
  /** `check:status[:message]` per line. */
  const summary = (res: any) =>
    res.body.data.lines.map((line: any) => [line.check, line.status, line.message].filter(Boolean).join(':'));
  /** A saved authenticator with the form's settings and the app set up in WeCom as `agent` says. */
  async function setUp(agent: Record<string, unknown> = {}, wecom: Record<string, unknown> = {}) {
    const name = await site.addAuthenticator({ wecom: { origin: ORIGIN, ...wecom } });
    ids.set(name, (await site.app.db.getRepository('authenticators').findOne({ filter: { name } })).get('id'));
    site.wecom.update({ agent: { ...WELL_SET_UP, homeUrl: workbench(name), ...agent } });
    return name;
  }

  it('passes every check when WeCom is set up right, with the saved Secret', async () => {
    const name = await setUp();
    const res = await post(form(name));
    expect(res.status).toBe(200);
    expect(summary(res)).toEqual([
      'credentials:ok',
      'trustedIp:ok',
      'agent:ok',
      'trustedDomain:ok',
      'homepage:ok',
      'visibleRange:ok',
    ]);
  });

  it('reuses the token the sign-ins cache: a check costs one agent/get', async () => {
    const name = await setUp();
    await post(form(name)); // warms the cache, if nothing did before
    const other = await setUp();
    site.wecom.resetCalls();
    expect(summary(await post(form(other)))).not.toContainEqual(expect.stringMatching(/:fail/));
    expect(site.wecom.calls).toMatchObject({ gettoken: 0, 'agent/get': 1 });
  });

  it('names the Secret when WeCom rejects it, and checks nothing that needs it', async () => {
    const name = await setUp();
    expect(summary(await post(form(name, { secret: 'not-the-secret' })))).toEqual([
      'credentials:fail:badSecret',
      'trustedIp:skipped',
      'agent:skipped',
      'trustedDomain:skipped',
      'homepage:skipped',
      'visibleRange:skipped',
    ]);
  });

  it('names the AgentId when the Secret belongs to another app', async () => {
    const name = await setUp();
    expect(summary(await post(form(name, { agentId: '1000099' })))).toContain('agent:fail:badAgentId');
  });

  it('sees a disabled app', async () => {
    const name = await setUp({ close: true });
    expect(summary(await post(form(name)))).toContain('agent:fail:agentClosed');
  });

  it('sees a trusted domain with a port, and says what to put there instead', async () => {
    const name = await setUp({ redirectDomain: 'nb.example.com:443' });
    const res = await post(form(name));
    const line = res.body.data.lines.find((l: any) => l.check === 'trustedDomain');
    expect(line).toEqual({
      check: 'trustedDomain',
      status: 'fail',
      message: 'trustedDomainMismatch',
      params: { actual: 'nb.example.com:443', expected: 'nb.example.com' },
    });
  });

  it('uses the host of the request when no Origin is set, as the sign-in does', async () => {
    const name = await setUp({ redirectDomain: 'nb.example.com' }, { origin: '' });
    const agent = await site.app.agent().login(root, 'root');
    const res = await agent
      .post('/wecom:checkSetup')
      .set('Host', 'nocobase.test:8080')
      .send(form(name, { origin: '' }));
    const line = res.body.data.lines.find((l: any) => l.check === 'trustedDomain');
    expect(line.params).toEqual({ actual: 'nb.example.com', expected: 'nocobase.test:8080' });
  });

  it('sees a homepage that is not the workbench link, and gives the link', async () => {
    const name = await setUp({ homeUrl: 'https://other.example.com/' });
    const line = (await post(form(name))).body.data.lines.find((l: any) => l.check === 'homepage');
    expect(line).toMatchObject({
      status: 'fail',
      message: 'homepageMismatch',
      params: { actual: 'https://other.example.com/', expected: workbench(name) },
    });
  });

  it('sees an empty visible range', async () => {
    const name = await setUp({ departments: [], users: [], tags: [] });
    expect(summary(await post(form(name)))).toContain('visibleRange:fail:emptyRange');
  });

  it('shows the IP WeCom refuses calls from (60020)', async () => {
    const name = await setUp();
    site.wecom.update({ blockedIp: '203.0.113.7' });
    const res = await post(form(name, { secret: SECRET, corpId: CORP_ID, timeoutMs: 1000 }));
    const line = res.body.data.lines.find((l: any) => l.check === 'trustedIp');
    expect(line).toEqual({
      check: 'trustedIp',
      status: 'fail',
      message: 'ipNotAllowed',
      params: { ip: '203.0.113.7' },
    });
  });

  it('names the missing field of a form that is not filled in', async () => {
    expect((await post(form(undefined, { corpId: '' }))).body.data.lines).toEqual([
      { check: 'settings', status: 'fail', message: 'notSetUp', params: { fields: 'Corp ID, Secret' } },
    ]);
  });

  it('never sends the saved Secret to another WeCom than the saved one, nor to a form that is not the saved one', async () => {
    const name = await setUp();
    const relay = await WecomEmulator.start({ corpId: CORP_ID, agentId: AGENT_ID, secret: SECRET });
    try {
      const lines = (await post(form(name, { apiBaseUrl: relay.baseUrl }))).body.data.lines;
      expect(lines).toEqual([{ check: 'settings', status: 'fail', message: 'secretNotKept', params: {} }]);
      // A new authenticator's form that borrows a saved one's name, and a form that says it is another record.
      const [borrowed, another] = [await setUp(), await setUp()];
      for (const values of [
        { ...form(borrowed), id: undefined },
        { ...form(another), id: ids.get(name) },
      ]) {
        const res = await post(values);
        expect(res.body.data.lines).toEqual([
          { check: 'settings', status: 'fail', message: 'notSetUp', params: { fields: 'Secret' } },
        ]);
      }
      expect(relay.calls.gettoken).toBe(0);
    } finally {
      await relay.stop();
    }
  });

  it('counts a name that is no saved authenticator against the admin who sends it: a fresh name each time does not help', async () => {
    const first = await post(form('no_such_1'), admin, 'admin');
    expect(first.status).toBe(200);
    const second = await post(form('no_such_2'), admin, 'admin');
    expect(second.status).toBe(429);
  });

  it('runs once for simultaneous checks of one authenticator', async () => {
    const name = await setUp();
    const agent = await site.app.agent().login(root, 'root');
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () =>
        agent
          .post('/wecom:checkSetup')
          .send(form(name))
          .then((res: any) => res.status),
      ),
    );
    expect(statuses.sort()).toEqual([200, 429, 429, 429, 429, 429]);
  });

  it('runs once per authenticator every few seconds (429 with a message)', async () => {
    const name = await setUp();
    expect((await post(form(name))).status).toBe(200);
    const again = await post(form(name));
    expect(again.status).toBe(429);
    expect(again.body.errors[0].message).toMatch(/Check setup has just run/);
  });

  it('is refused to anonymous visitors and to members; admins may run it', async () => {
    const name = await setUp();
    const anonymous = await post(form(name), null);
    expect([401, 403]).toContain(anonymous.status);
    expect((await post(form(`${name}-m`), memberUser, 'member')).status).toBe(403);
    const byAdmin = await post(form(name), admin, 'admin');
    expect(byAdmin.status).toBe(200);
    expect(summary(byAdmin)).toContain('credentials:ok');
  });

  it('checks a WeCom authenticator saved enabled, in the background: a warning in the log, never a failed save', async () => {
    const warn = jest.spyOn(site.app.logger, 'warn');
    const warned = (name: string) =>
      warn.mock.calls.map(([text]) => String(text)).filter((text) => text.includes(name));
    site.wecom.update({ agent: { ...WELL_SET_UP, redirectDomain: 'wrong.example.com' } });
    const admin = await site.app.agent().login(root, 'root');
    const save = (name: string, enabled: boolean) =>
      admin
        .resource('authenticators')
        .create({ values: { authType: 'wecom', enabled, ...form(name, { secret: SECRET }) } });

    expect((await save('saved_on', true)).status).toBe(200);
    expect((await save('saved_off', false)).status).toBe(200);
    for (let waited = 0; !warned('saved_on').length && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(warned('saved_on')).toEqual([
      expect.stringContaining('trustedDomain: The trusted domain of the WeCom app is "wrong.example.com"'),
    ]);
    expect(warned('saved_on')[0]).not.toContain(SECRET);
    expect(warned('saved_off')).toEqual([]);
    warn.mockRestore();
  });

  it('never answers with the Secret', () => {
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.join('\n')).not.toContain(SECRET);
    expect(answers.join('\n')).not.toContain('not-the-secret');
  });
});

describe('NocoBase variables in Corp ID, AgentId and Secret', () => {
  let site: Site;
  let root: any;

  beforeAll(async () => {
    site = await startSite();
    site.app.environment.setVariable('WECOM_TEST_SECRET', SECRET, { isSecret: true });
    site.app.environment.setVariable('WECOM_TEST_AGENT', AGENT_ID);
    root = await site.app.db.getRepository('users').findOne({ filter: { 'roles.name': 'root' } });
  });
  afterAll(() => site?.close());

  const check = async (values: object) =>
    (await (await site.app.agent().login(root, 'root')).post('/wecom:checkSetup').send(values)).body.data.lines;

  it('signs in with a Secret kept in a variable, and keeps the reference in the record', async () => {
    const name = await site.addAuthenticator({
      wecom: { secret: '{{$env.WECOM_TEST_SECRET}}', agentId: '{{ $env.WECOM_TEST_AGENT }}' },
    });
    await site.addMatchingUser('var', '13600000001', 'Var');
    expect((await site.browser(WXWORK_UA).signIn(name, 'var')).token).toBeDefined();
    const missing = await site.addAuthenticator({ wecom: { secret: '{{$env.WECOM_NO_SUCH_VARIABLE}}' } });
    const refused = await site.browser().getAuthUrl({ authenticator: missing });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('WeCom sign-in is not set up: Secret missing.');

    const admin = await site.app.agent().login(root, 'root');
    const record = await admin.resource('authenticators').list({ filter: { name } });
    expect(record.body.data).toHaveLength(1);
    expect(JSON.stringify(record.body)).toContain('{{$env.WECOM_TEST_SECRET}}');
    expect(JSON.stringify(record.body)).not.toContain(SECRET);

    const lines = await check({
      id: record.body.data[0].id,
      name,
      options: {
        wecom: {
          corpId: CORP_ID,
          agentId: '{{$env.WECOM_TEST_AGENT}}',
          secret: '{{$env.WECOM_TEST_SECRET}}',
          apiBaseUrl: site.wecom.baseUrl,
        },
      },
    });
    expect(lines.find((l: any) => l.check === 'credentials')).toEqual({ check: 'credentials', status: 'ok' });
  });

  it('never renders a variable for another API base URL than the saved one, nor for a form that is not saved', async () => {
    const saved = async () => {
      const name = await site.addAuthenticator({ wecom: { secret: '{{$env.WECOM_TEST_SECRET}}' } });
      return { name, id: (await site.app.db.getRepository('authenticators').findOne({ filter: { name } })).get('id') };
    };
    const relay = await WecomEmulator.start({ corpId: CORP_ID, agentId: AGENT_ID, secret: SECRET });
    try {
      const towardsRelay = { corpId: CORP_ID, agentId: AGENT_ID, apiBaseUrl: relay.baseUrl };
      for (const values of [
        { ...(await saved()), options: { wecom: { ...towardsRelay, secret: '{{$env.WECOM_TEST_SECRET}}' } } },
        {
          ...(await saved()),
          options: { wecom: { ...towardsRelay, secret: 'x', corpId: '{{$env.WECOM_TEST_SECRET}}' } },
        },
        { options: { wecom: { ...towardsRelay, secret: '{{$env.WECOM_TEST_SECRET}}' } } },
      ]) {
        const someAdmin = await site.app.db.getRepository('users').create({ values: { roles: ['admin'] } });
        const res = await (await site.app.agent().login(someAdmin, 'admin')).post('/wecom:checkSetup').send(values);
        expect(res.body.data.lines).toEqual([
          { check: 'settings', status: 'fail', message: 'variablesNeedSave', params: {} },
        ]);
      }
      expect(relay.calls.gettoken).toBe(0);
    } finally {
      await relay.stop();
    }
  });

  it('names the field whose variable does not exist', async () => {
    const name = await site.addAuthenticator({ wecom: { secret: '{{$env.WECOM_NO_SUCH_VARIABLE}}' } });
    const lines = await check({
      id: (await site.app.db.getRepository('authenticators').findOne({ filter: { name } })).get('id'),
      name,
      options: {
        wecom: {
          corpId: CORP_ID,
          agentId: AGENT_ID,
          secret: '{{$env.WECOM_NO_SUCH_VARIABLE}}',
          apiBaseUrl: site.wecom.baseUrl,
        },
      },
    });
    expect(lines).toEqual([{ check: 'settings', status: 'fail', message: 'notSetUp', params: { fields: 'Secret' } }]);
  });
});
