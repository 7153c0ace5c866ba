/** A small client of a running NocoBase's HTTP API, signed in as one user (password sign-in). */

export class NocoBaseApi {
  private constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async signIn(baseUrl: string, account: string, password: string): Promise<NocoBaseApi> {
    const res = await fetch(`${baseUrl}/api/auth:signIn`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Authenticator': 'basic' },
      body: JSON.stringify({ account, password }),
    });
    const body: any = await res.json().catch(() => ({}));
    if (res.status !== 200 || !body?.data?.token) {
      throw new Error(`Signing in as ${account} failed: ${res.status} ${JSON.stringify(body)}`);
    }
    return new NocoBaseApi(baseUrl, body.data.token);
  }

  /** `GET|POST /api/<resource>:<action>`; resolves to the `data` of the answer. */
  async call(action: string, options: { query?: Record<string, unknown>; values?: unknown } = {}): Promise<any> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      query.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    const post = options.values !== undefined;
    const res = await fetch(`${this.baseUrl}/api/${action}?${query}`, {
      method: post ? 'POST' : 'GET',
      headers: {
        Authorization: `Bearer ${this.token}`,
        'X-Authenticator': 'basic',
        ...(post ? { 'Content-Type': 'application/json' } : {}),
      },
      body: post ? JSON.stringify(options.values) : undefined,
    });
    const body: any = await res.json().catch(() => ({}));
    if (res.status >= 400) {
      throw new Error(`${action} answered ${res.status}: ${JSON.stringify(body)}`);
    }
    return body?.data;
  }
}
