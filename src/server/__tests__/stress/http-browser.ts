/**
 * A browser over real HTTP (fetch, keep-alive) against a listening NocoBase server: one cookie jar, follows a
 * sign-in through the WeCom emulator like a person would, and does what the landing page's client does with
 * the hand-off code. For load: supertest opens a server per request.
 */
import { errorText } from '../browser';

export interface Outcome {
  /** HTTP status of the server's last answer in the flow (the hand-off's, when the callback landed on a page). */
  status: number;
  token?: string;
  /** The failure's message id (`?error=`, or the hand-off's error code) and its English text. */
  errorId?: string;
  error?: string;
}

export class HttpBrowser {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly userAgent: string,
  ) {}

  async get(pathOrUrl: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('GET', pathOrUrl, undefined, headers);
  }

  /** `POST` a JSON body (or a raw string) with this browser's cookies. */
  async post(pathOrUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return this.send('POST', pathOrUrl, raw, { 'Content-Type': 'application/json', ...headers });
  }

  /** The names of the cookies this browser holds (for the tests' own checks). */
  cookieNames(): string[] {
    return [...this.cookies.keys()];
  }

  private async send(method: string, pathOrUrl: string, body: string | undefined, headers: Record<string, string>) {
    const res = await fetch(new URL(pathOrUrl, this.baseUrl), {
      method,
      body,
      redirect: 'manual',
      headers: { 'User-Agent': this.userAgent, Cookie: this.cookieHeader(), ...headers },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now());
      if (!value || expired) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
    return res;
  }

  /** getAuthUrl: the flow's start. Returns WeCom's URL (its `state` and `redirect_uri`), or the refusal. */
  async start(authenticator: string): Promise<{ url?: URL; outcome?: Outcome }> {
    const start = await this.get(`/wecom:getAuthUrl?authenticator=${encodeURIComponent(authenticator)}`);
    const body: any = await start.json();
    if (start.status !== 200) {
      return { outcome: { status: start.status, errorId: body?.errors?.[0]?.code, error: body?.errors?.[0]?.message } };
    }
    return { url: new URL(body.data.url) };
  }

  /**
   * The callback WeCom's page would send this browser to for the flow of `wecomUrl`, with `code`: WeCom's page
   * is stood in for by the emulator's `issueCode`, so concurrent flows cannot mix up members. `node` is the
   * base URL to send it to (another node of a cluster), by default this browser's.
   */
  callbackUrl(wecomUrl: URL, code: string, node = this.baseUrl): URL {
    const callback = new URL(wecomUrl.searchParams.get('redirect_uri') as string);
    callback.searchParams.set('code', code);
    callback.searchParams.set('state', wecomUrl.searchParams.get('state') as string);
    return new URL(`${callback.pathname}${callback.search}`, node);
  }

  /** Sends the browser to a callback URL; returns where the 302 leads (a page with `handoff`, or `/signin`). */
  async land(callback: URL): Promise<{ status: number; location: URL }> {
    const end = await this.get(callback.toString());
    await end.arrayBuffer();
    return { status: end.status, location: new URL(end.headers.get('location') || '/', this.baseUrl) };
  }

  /** `POST <node>/wecom:handoff` `{ code }` with this browser's cookies, as the landing page's client does. */
  async handoff(code: string, node = this.baseUrl): Promise<Outcome> {
    const res = await this.post(new URL('/wecom:handoff', node).toString(), { code });
    const body: any = await res.json().catch(() => undefined);
    const token = res.status === 200 ? body?.data?.token : undefined;
    return token
      ? { status: res.status, token }
      : {
          status: res.status,
          errorId: body?.errors?.[0]?.code ?? `HTTP ${res.status}`,
          error: body?.errors?.[0]?.message,
        };
  }

  /** After the callback: the landing page exchanges its hand-off code; the sign-in page shows its message. */
  async finish(landing: { status: number; location: URL }, node = this.baseUrl): Promise<Outcome> {
    const code = landing.location.searchParams.get('handoff');
    if (landing.status === 302 && code) {
      return this.handoff(code, node);
    }
    const errorId = landing.location.searchParams.get('error') || undefined;
    return { status: landing.status, errorId: errorId ?? `HTTP ${landing.status}`, error: errorText(landing.location) };
  }

  /** getAuthUrl → WeCom → callback → hand-off: the session token, or why not. */
  async signIn(authenticator: string, issueCode: () => string): Promise<Outcome> {
    const { url, outcome } = await this.start(authenticator);
    if (!url) {
      return outcome!;
    }
    return this.finish(await this.land(this.callbackUrl(url, issueCode())));
  }

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** Runs `task(i)` for i < total with at most `concurrency` at a time. */
export async function pool<T>(total: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results;
}
