/**
 * A small HTTP/1.1 client over one keep-alive agent: what a fleet of browsers looks like to a server,
 * without a library's per-request overhead in the load generator. Never follows redirects.
 */
import http from 'http';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  json?: unknown;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 30_000 });

export function request(url: string, options: RequestOptions = {}): Promise<Answer> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string | number> = { ...options.headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method || 'GET', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode || 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The `name=value` pairs of a response's Set-Cookie headers, as a browser would send them back: a cookie the
 * answer clears (empty value, an expiry in the past) is left out.
 */
export function cookiesFrom(answer: Answer): string {
  return (answer.headers['set-cookie'] || [])
    .filter((cookie) => !/;\s*expires=Thu, 01 Jan 1970/i.test(cookie))
    .map((cookie) => cookie.split(';', 1)[0].trim())
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

export function closeConnections(): void {
  agent.destroy();
}
