import { randomBytes, randomInt } from 'crypto';
import { Site, startSite, WXWORK_UA } from '../harness';
import { listen } from './listen';
import { countBy, recordRow } from './summary';

/** Random and malformed query strings on the three public actions: never a 500, never a stack trace. */
describe('fuzzing the public actions', () => {
  const REQUESTS = 1000;
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
  const KEYS = ['authenticator', 'redirect', 'code', 'state', 'locale', 'filter', 'values', 'token', 'error', '__proto__', 'constructor'];
  const VALUES: (() => string)[] = [
    () => '',
    () => (randomInt(2) ? name : 'basic'),
    () => randomBytes(randomInt(1, 40)).toString('base64url'),
    () => encodeURIComponent(randomBytes(randomInt(1, 64)).toString('latin1')),
    () => pick(['%', '%zz', '%E0%A4%A', '%00', '%C0%AF', '%252F%252Fevil.example', '%u0041']),
    () => pick(['//evil.example', '/\\evil.example', 'javascript:alert(1)', 'https://evil.example', '/%0d%0aSet-Cookie:x=1']),
    () => pick(['[object Object]', 'null', 'undefined', 'NaN', '-1', '1e309', 'true', '{"$gt":""}']),
    () => 'A'.repeat(pick([128, 129, 4096, 70000])),
    () => encodeURIComponent('企业微信🙂\u202e\u0000'),
  ];

  /** A query string with random keys, arrays (`k[]=`), nesting (`k[a][b]=`) and broken encodings. */
  function randomQuery(): string {
    const parts: string[] = [];
    for (let i = randomInt(0, 6); i > 0; i--) {
      const key = pick(KEYS);
      const shape = randomInt(4);
      const suffix = shape === 1 ? '[]' : shape === 2 ? `[${pick(KEYS)}]` : shape === 3 ? '[0][a]' : '';
      parts.push(`${key}${suffix}=${pick(VALUES)()}`);
    }
    if (randomInt(5) === 0) {
      parts.push(pick(['&&&', '=', '==x', '?', '#frag', '%']));
    }
    return parts.join('&');
  }

  it('answers every request with a redirect, a result or a clear 4xx', async () => {
    const answers: { status: number; problem?: string }[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const action = pick(['getAuthUrl', 'redirect', 'workbench']);
      const url = `${server.baseUrl}/wecom:${action}?${randomQuery()}`;
      const res = await fetch(url, { redirect: 'manual', headers: { 'User-Agent': randomInt(2) ? WXWORK_UA : 'fuzz' } }).catch(
        (error) => ({ status: 0, headers: new Headers(), text: async () => String(error) }) as any,
      );
      const text = `${res.headers.get('location') ?? ''}\n${await res.text()}`;
      const problem =
        res.status >= 500 || res.status === 0
          ? `HTTP ${res.status}`
          : /\n\s+at |node_modules|\/src\/server|Error: /.test(text)
            ? 'stack trace in answer'
            : undefined;
      if (problem) {
        console.info(problem, url.slice(0, 300), text.slice(0, 500));
      }
      answers.push({ status: res.status, problem });
    }
    const problems = answers.filter((answer) => answer.problem);
    recordRow({
      case: 'fuzz: random and malformed queries on getAuthUrl, redirect, workbench',
      requests: answers.length,
      failures: countBy(problems, (answer) => answer.problem),
      usersCreated: 0,
      note: Object.entries(countBy(answers, (answer) => `HTTP ${answer.status}`))
        .map(([status, n]) => `${n}× ${status}`)
        .join(', '),
    });
    expect(problems).toEqual([]);
    expect(answers.length).toBe(REQUESTS);
  });
});
