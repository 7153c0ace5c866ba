import { randomBytes, randomInt } from 'crypto';
import { DESKTOP_UA, Site, startSite, WXWORK_UA } from '../harness';
import { listen } from './listen';
import { countBy, recordRow } from './summary';

/**
 * Random and malformed requests on the public actions (query strings; the in-client and a desktop User-Agent;
 * any X-Locale; odd proxy headers and cookies; the hand-off by GET and by POST with any body): never a 5xx,
 * never a stack trace.
 */
describe('fuzzing the public actions', () => {
  const REQUESTS = 1500;
  let site: Site;
  let server: { baseUrl: string; close: () => Promise<void> };
  let name: string;

  beforeAll(async () => {
    site = await startSite();
    name = await site.addAuthenticator({ public: { autoSignup: true } });
    server = await listen(site.app);
  });
  afterAll(async () => {
    await server?.close();
    await site?.close();
  });

  const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)];
  const KEYS = [
    'authenticator',
    'redirect',
    'code',
    'state',
    'locale',
    'filter',
    'values',
    'token',
    'error',
    '__proto__',
    'constructor',
  ];
  const VALUES: (() => string)[] = [
    () => '',
    () => (randomInt(2) ? name : 'basic'),
    () => randomBytes(randomInt(1, 40)).toString('base64url'),
    () => encodeURIComponent(randomBytes(randomInt(1, 64)).toString('latin1')),
    () => pick(['%', '%zz', '%E0%A4%A', '%00', '%C0%AF', '%252F%252Fevil.example', '%u0041']),
    () =>
      pick([
        '//evil.example',
        '/\\evil.example',
        'javascript:alert(1)',
        'https://evil.example',
        '/%0d%0aSet-Cookie:x=1',
      ]),
    () => pick(['[object Object]', 'null', 'undefined', 'NaN', '-1', '1e309', 'true', '{"$gt":""}']),
    () => 'A'.repeat(pick([128, 129, 4096, 70000])),
    () => encodeURIComponent('企业微信🙂\u202e\u0000'),
  ];

  /** A query string with random keys, arrays (`k[]=`), nesting (`k[a][b]=`) and broken encodings. */
  function randomQuery(): string {
    // Most requests name the real authenticator, so that the fuzz gets past the name check into the flow.
    const parts: string[] = randomInt(10) < 8 ? [`authenticator=${name}`] : [];
    for (let i = randomInt(0, 6); i > 0; i--) {
      const key = pick(KEYS);
      const shape = randomInt(4);
      const suffix = shape === 1 ? '[]' : shape === 2 ? `[${pick(KEYS)}]` : shape === 3 ? '[0][a]' : '';
      parts.push(`${key}${suffix}=${pick(VALUES)()}`);
    }
    if (randomInt(5) === 0) {
      parts.push(pick(['&&&', '=', '==x', '?', '#frag', '%']));
    }
    return parts.sort(() => randomInt(3) - 1).join('&');
  }

  const printable = (bytes: number) =>
    randomBytes(bytes)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '~');
  const LOCALES = [
    'zh-CN',
    'en-US',
    'zh',
    'EN',
    '',
    'xx-YY',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    'zh-CN,en;q=0.9',
    '*',
    '%00',
  ];
  const HOSTS = [
    'evil.example',
    'a..b',
    '[::1]:99999',
    'host:0',
    'ex ample',
    'a,b',
    '127.0.0.1:1, evil.example',
    '@evil.example',
    'evil.example/path',
    'evil.example:65536',
    '%2e%2e',
    'localhost:-1',
    '[zz]',
    '::1',
    'x'.repeat(300),
    'h\\evil',
    '"quoted"',
    '',
  ];
  /** Random headers of a request: User-Agent (in the WeCom client or not), X-Locale, proxy headers, cookies. */
  function randomHeaders(): Record<string, string> {
    const headers: Record<string, string> = { 'User-Agent': pick([WXWORK_UA, DESKTOP_UA, 'fuzz', '']) };
    if (randomInt(2)) {
      headers['X-Locale'] = randomInt(4) ? pick(LOCALES) : printable(randomInt(1, 300));
    }
    if (randomInt(3) === 0) {
      headers['X-Forwarded-Host'] = randomInt(4) ? pick(HOSTS) : printable(randomInt(1, 80));
    }
    if (randomInt(5) === 0) {
      headers['X-Forwarded-Proto'] = pick(['https', 'HTTPS', 'ftp', 'javascript', '', 'https, http']);
    }
    if (randomInt(3) === 0) {
      const cookie = pick([
        'wecom_handoff',
        '__Host-wecom_handoff',
        `wecom_flow_${randomBytes(16).toString('hex')}`,
        'wecom_flow_',
      ]);
      headers.Cookie = `${cookie}=${pick([randomBytes(randomInt(1, 300)).toString('base64url'), '', '%zz', 'a.b.c'])}`;
    }
    return headers;
  }

  /** A body for `POST wecom:handoff`: JSON of odd shapes, broken JSON, forms, text, bytes. */
  function randomBody(): { body: string | Buffer; type?: string } {
    const hex = randomBytes(16).toString('hex');
    const json = pick<unknown>([
      { code: hex },
      { code: pick(VALUES)() },
      { code: [hex] },
      { code: { $gt: '' } },
      { code: null },
      { code: Infinity },
      { values: { code: hex } },
      JSON.parse('{"__proto__": {"code": "x"}}'),
      { constructor: { prototype: { code: hex } } },
      null,
      [],
      'code',
      12,
      {},
    ]);
    return pick([
      () => ({ body: JSON.stringify(json), type: 'application/json' }),
      () => ({
        body: pick(['{"code":', '{code: 1}', '', '\u0000', '{"code":"' + 'a'.repeat(70000) + '"}']),
        type: 'application/json',
      }),
      () => ({ body: `code=${pick(VALUES)()}`, type: 'application/x-www-form-urlencoded' }),
      () => ({
        body: printable(randomInt(0, 200)),
        type: pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x']),
      }),
      () => ({
        body: randomBytes(randomInt(1, 2000)),
        type: pick(['application/json', 'application/octet-stream', undefined]),
      }),
    ] as (() => { body: string | Buffer; type?: string })[])();
  }

  function randomRequest(): { action: string; url: string; init: RequestInit } {
    const action = pick(['getAuthUrl', 'redirect', 'workbench', 'handoff', 'handoff POST', 'handoff POST']);
    const headers = randomHeaders();
    const url = `${server.baseUrl}/wecom:${action.split(' ')[0]}?${randomQuery()}`;
    if (action !== 'handoff POST') {
      return { action, url, init: { redirect: 'manual', headers } };
    }
    const { body, type } = randomBody();
    return {
      action,
      url,
      init: {
        method: 'POST',
        redirect: 'manual',
        body,
        headers: { ...headers, ...(type ? { 'Content-Type': type } : {}) },
      },
    };
  }

  it('answers every request with a redirect, a result or a clear 4xx', async () => {
    const answers: { action: string; status: number; problem?: string }[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const { action, url, init } = randomRequest();
      const res = await fetch(url, init).catch(
        (error) => ({ status: 0, headers: new Headers(), text: async () => String(error?.cause ?? error) }) as any,
      );
      const text = `${res.headers.get('location') ?? ''}\n${await res.text()}`;
      const problem =
        res.status >= 500 || res.status === 0
          ? `HTTP ${res.status}`
          : /\n\s+at |node_modules|\/src\/server|Error: /.test(text)
            ? 'stack trace in answer'
            : undefined;
      if (problem) {
        console.info(
          problem,
          action,
          url.slice(0, 300),
          JSON.stringify(init.headers).slice(0, 300),
          text.slice(0, 500),
        );
      }
      answers.push({ action, status: res.status, problem });
    }
    const problems = answers.filter((answer) => answer.problem);
    recordRow({
      case: 'fuzz: random queries, headers and hand-off bodies on getAuthUrl, redirect, workbench, handoff',
      requests: answers.length,
      failures: countBy(problems, (answer) => `${answer.action}: ${answer.problem}`),
      usersCreated: 0,
      note: Object.entries(countBy(answers, (answer) => `HTTP ${answer.status}`))
        .map(([status, n]) => `${n}× ${status}`)
        .join(', '),
    });
    expect(problems).toEqual([]);
    expect(answers.length).toBe(REQUESTS);
  });
});
