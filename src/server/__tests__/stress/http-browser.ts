/**
 * A browser over real HTTP (fetch, keep-alive) against a listening NocoBase server: one cookie jar, follows a
 * sign-in through the WeCom emulator like a person would. For load: supertest opens a server per request.
 */
export interface Outcome {
  /** HTTP status of the server's last answer in the flow. */
  status: number;
  token?: string;
  error?: string;
}

export class HttpBrowser {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly userAgent: string,
  ) {}

  async get(pathOrUrl: string): Promise<Response> {
    const res = await fetch(new URL(pathOrUrl, this.baseUrl), {
      redirect: 'manual',
      headers: { 'User-Agent': this.userAgent, Cookie: this.cookieHeader() },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return res;
  }

  /**
   * getAuthUrl → WeCom → callback → where it leads. WeCom's page is stood in for by `issueCode` (the emulator
   * mints the code its page would have put on the redirect), so concurrent flows cannot mix up members.
   */
  async signIn(authenticator: string, issueCode: () => string): Promise<Outcome> {
    const start = await this.get(`/wecom:getAuthUrl?authenticator=${encodeURIComponent(authenticator)}`);
    const body: any = await start.json();
    if (start.status !== 200) {
      return { status: start.status, error: body?.errors?.[0]?.message };
    }
    const wecomUrl = new URL(body.data.url);
    const callback = new URL(wecomUrl.searchParams.get('redirect_uri') as string);
    callback.searchParams.set('code', issueCode());
    callback.searchParams.set('state', wecomUrl.searchParams.get('state') as string);
    const end = await this.get(callback.toString());
    await end.arrayBuffer();
    const landing = new URL(end.headers.get('location') || '/', this.baseUrl);
    return {
      status: end.status,
      token: landing.searchParams.get('token') || undefined,
      error: landing.searchParams.get('error') || undefined,
    };
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
