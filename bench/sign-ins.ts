/**
 * One sign-in of each kind the benchmark compares, done the way a browser does it, over real HTTP. Each
 * resolves with the session token NocoBase issued, or throws with what went wrong.
 */
import type { WecomEmulator } from '../test/wecom-emulator';
import { performance } from 'perf_hooks';
import { cookiesFrom, request } from './http';
import { FLOOR_AUTHENTICATOR, PASSWORD, Person, WECOM_AUTHENTICATOR } from './people';

const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const WXWORK_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.20 MicroMessenger/7.0.1 Language/zh';

/** `start` is no sign-in: getAuthUrl alone, the first of the three NocoBase requests of a WeCom sign-in. */
export type SignInKind = 'qr' | 'first' | 'floor' | 'password' | 'start';
export type SignIn = (person: Person) => Promise<string>;
/**
 * The four requests of a sign-in through WeCom, timed apart: getAuthUrl, WeCom's page, the callback (which
 * lands on a client page with a one-time hand-off code and an httpOnly cookie), and the landing page's
 * `POST wecom:handoff` that gives the token: three to NocoBase, one to WeCom.
 */
export const PHASES = ['getAuthUrl', 'wecomPage', 'callback', 'handoff'] as const;
export type Phase = (typeof PHASES)[number];

export class SignIns {
  /** The emulator signs in as one global `loginAs` member: its page visits are taken one at a time. */
  private wecomPage: Promise<unknown> = Promise.resolve();
  /** Durations of each phase of the WeCom sign-ins, by kind, until cleared. */
  readonly phases = new Map<SignInKind, Record<Phase, number[]>>();

  constructor(
    private readonly server: string,
    private readonly wecom: WecomEmulator,
  ) {}

  readonly kinds: Record<SignInKind, SignIn> = {
    /** QR / web login of a bound member: getAuthUrl → WeCom's login page → callback → hand-off → token. */
    qr: (person) => this.throughWecom('qr', person, DESKTOP_UA),
    /** First sign-in inside the WeCom client: the same path, with the private-info authorization. */
    first: (person) => this.throughWecom('first', person, WXWORK_UA),
    /** The floor authenticator through NocoBase's own `auth:signIn`. */
    floor: (person) => this.signInAction(FLOOR_AUTHENTICATOR, { userid: person.userid }),
    /** NocoBase's password sign-in with the basic authenticator. */
    password: (person) => this.signInAction('basic', { account: person.username, password: PASSWORD }),
    start: async () => {
      await this.startFlow(DESKTOP_UA);
      return '';
    },
  };

  /** getAuthUrl: the flow's start, with the cookie that binds the state to this browser. */
  private async startFlow(userAgent: string) {
    const query = new URLSearchParams({ authenticator: WECOM_AUTHENTICATOR });
    const start = await request(`${this.server}/wecom:getAuthUrl?${query}`, { headers: { 'User-Agent': userAgent } });
    if (start.status !== 200) {
      throw new Error(`getAuthUrl answered ${start.status}: ${start.body.slice(0, 200)}`);
    }
    return { url: JSON.parse(start.body).data.url as string, cookie: cookiesFrom(start) };
  }

  private async throughWecom(kind: SignInKind, person: Person, userAgent: string): Promise<string> {
    const t0 = performance.now();
    const start = await this.startFlow(userAgent);
    const t1 = performance.now();
    const callback = await this.visitWecom(start.url, person.userid, userAgent);
    const t2 = performance.now();
    const end = await request(callback, { headers: { 'User-Agent': userAgent, Cookie: start.cookie } });
    const landing = new URL(String(end.headers.location || ''), this.server);
    const code = landing.searchParams.get('handoff');
    if (end.status !== 302 || !code) {
      throw new Error(
        `callback answered ${end.status}: ${landing.searchParams.get('error') || end.body.slice(0, 200)}`,
      );
    }
    const t3 = performance.now();
    // The landing page's client: the code and the hand-off cookie the callback set give the token, once.
    const handoff = await request(`${this.server}/wecom:handoff`, {
      method: 'POST',
      headers: { 'User-Agent': userAgent, Cookie: cookiesFrom(end) },
      json: { code },
    });
    const token = handoff.status === 200 ? JSON.parse(handoff.body)?.data?.token : undefined;
    if (!token) {
      throw new Error(`wecom:handoff answered ${handoff.status}: ${handoff.body.slice(0, 200)}`);
    }
    this.record(kind, [t1 - t0, t2 - t1, t3 - t2, performance.now() - t3]);
    return token;
  }

  private record(kind: SignInKind, durations: number[]) {
    let log = this.phases.get(kind);
    if (!log) {
      log = { getAuthUrl: [], wecomPage: [], callback: [], handoff: [] };
      this.phases.set(kind, log);
    }
    PHASES.forEach((phase, index) => log[phase].push(durations[index]));
  }

  /** WeCom's page (QR login or in-client authorization) as `userid`: where it sends the browser back. */
  private visitWecom(url: string, userid: string, userAgent: string): Promise<string> {
    const visit = this.wecomPage.then(async () => {
      this.wecom.loginAs = userid;
      const page = await request(url, { headers: { 'User-Agent': userAgent } });
      if (page.status !== 302 || !page.headers.location) {
        throw new Error(`WeCom page answered ${page.status}: ${page.body.slice(0, 200)}`);
      }
      return page.headers.location;
    });
    this.wecomPage = visit.catch(() => undefined);
    return visit;
  }

  private async signInAction(authenticator: string, values: Record<string, string>): Promise<string> {
    const answer = await request(`${this.server}/auth:signIn`, {
      method: 'POST',
      headers: { 'X-Authenticator': authenticator, 'User-Agent': DESKTOP_UA },
      json: values,
    });
    const token = answer.status === 200 ? JSON.parse(answer.body)?.data?.token : undefined;
    if (!token) {
      throw new Error(`auth:signIn (${authenticator}) answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    }
    return token;
  }
}

/** The user a token belongs to, through NocoBase's `auth:check`: the benchmark's sanity check. */
export async function tokenUser(server: string, authenticator: string, token: string): Promise<any> {
  const answer = await request(`${server}/auth:check`, {
    headers: { Authorization: `Bearer ${token}`, 'X-Authenticator': authenticator },
  });
  return JSON.parse(answer.body)?.data;
}
