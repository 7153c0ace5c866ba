/**
 * Loopback emulator of WeCom (Node built-ins only) for the server tests, the `npm start` sandbox and
 * stress tests with fault injection. One base URL serves WeCom's three hosts (docs/wecom-api.md):
 * API (`/cgi-bin/...`), in-client OAuth (`/connect/oauth2/authorize`) and web/QR login
 * (`/wwlogin/sso/login`). Types: types.ts; API logic: api.ts;
 * sign-in checks and HTML pages: pages.ts; app messages and each member's inbox: message.ts.
 */
import http from 'http';
import type { AddressInfo, Socket } from 'net';
import { EmulatorCore, rand, wxError, type Json } from './api';
import type { EmulatorEndpoint, EmulatorMember, EmulatorOptions, Fault } from './types';
import { appendQuery, checkLogin, errorPage, httpErrorPage, pickerPage, redirectPage } from './pages';
import { CONTACTS_ROUTES, type EmulatorDepartment, type SecretPolicy } from './contacts';
import type { PickFlow } from './pages';
import type { ReceivedMessage } from './message';

export type { EmulatorEndpoint, EmulatorMember, EmulatorOptions, Fault } from './types';
export type { EmulatorDepartment, SecretPolicy } from './contacts';
export type { ReceivedMessage } from './message';

const ROUTES: Record<string, EmulatorEndpoint> = {
  '/cgi-bin/gettoken': 'gettoken',
  '/cgi-bin/auth/getuserinfo': 'getuserinfo',
  '/cgi-bin/auth/getuserdetail': 'getuserdetail',
  '/cgi-bin/user/get': 'user/get',
  '/cgi-bin/agent/get': 'agent/get',
  '/cgi-bin/message/send': 'message/send',
  '/connect/oauth2/authorize': 'authorize',
  '/wwlogin/sso/login': 'sso',
  ...CONTACTS_ROUTES,
};
const JSON_TYPE = 'application/json; charset=UTF-8';
const HTML_TYPE = 'text/html; charset=UTF-8';
/** setFaultRate's default list; `hang` is left out (pass it explicitly when the client has timeouts). */
const DEFAULT_FAULTS: Fault[] = [
  { errcode: -1, errmsg: 'system busy' },
  { httpStatus: 502 },
  { body: '<html><body>upstream busy</body></html>' },
  { truncate: true },
  { destroy: true },
  { delayMs: 300 },
];
type UpdatableOption = 'blockedIp' | 'latencyMs' | 'trustedDomain' | 'secret' | 'tokenTtlSeconds' | 'agent';
const FLOW_TTL_MS = 30 * 60 * 1000;

interface Answer {
  status: number;
  type: string;
  body: string;
  location?: string;
}
const json = (body: Json): Answer => ({ status: 200, type: JSON_TYPE, body: JSON.stringify(body) });
const html = (body: string, status = 200): Answer => ({ status, type: HTML_TYPE, body });
const zeroCalls = (): Record<EmulatorEndpoint, number> => ({
  gettoken: 0,
  getuserinfo: 0,
  getuserdetail: 0,
  'user/get': 0,
  authorize: 0,
  sso: 0,
  'agent/get': 0,
  'message/send': 0,
  'department/list': 0,
  'department/get': 0,
  'department/simplelist': 0,
  'user/list': 0,
  'user/list_id': 0,
});

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export class WecomEmulator {
  /** Requests that reached each endpoint, faulted or not. */
  calls = zeroCalls();
  /** Member the non-interactive authorize/sso pages sign in as; '' means the first member. */
  loginAs: string;
  faultsInjected = 0;
  private readonly core: EmulatorCore;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly queue = new Map<EmulatorEndpoint, Fault[]>();
  private readonly flows = new Map<string, PickFlow>();
  private rate = 0;
  private rateFaults = DEFAULT_FAULTS;
  private port = 0;
  private stopped = false;

  private constructor(options: EmulatorOptions) {
    this.core = new EmulatorCore({ ...options });
    this.loginAs = options.members?.[0]?.userid ?? '';
    this.server = http.createServer((req, res) => {
      this.serve(req, res).catch(() => res.destroy());
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: EmulatorOptions): Promise<WecomEmulator> {
    const emulator = new WecomEmulator(options);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once('error', reject);
      emulator.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    emulator.port = (emulator.server.address() as AddressInfo).port;
    return emulator;
  }

  /** http://127.0.0.1:PORT, no trailing slash. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  issuedTokens(): string[] {
    return this.core.issuedTokens();
  }

  resetCalls(): void {
    this.calls = zeroCalls();
  }

  issueCode(userid: string, opts?: { withTicket?: boolean }): string {
    return this.core.issueCode(userid, !!opts?.withTicket);
  }

  expireTokens(errcode: 40014 | 42001 = 42001): void {
    this.core.expireTokens(errcode);
  }

  failNext(endpoint: EmulatorEndpoint, fault: Fault, times = 1): void {
    const list = this.queue.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.queue.set(endpoint, list);
  }

  /** Drops the faults queued by failNext that no request has taken yet. */
  clearFaults(): void {
    this.queue.clear();
  }

  /** Pages (authorize/sso) only draw the httpStatus and delayMs faults of the list. */
  setFaultRate(rate: number, faults: Fault[] = DEFAULT_FAULTS): void {
    this.rate = rate;
    this.rateFaults = faults;
  }

  setMember(member: EmulatorMember): void {
    this.core.setMember(member);
  }

  /** The messages `userid` received through `message/send`, oldest first (after WeCom's own truncation). */
  received(userid: string): ReceivedMessage[] {
    return this.core.messages.received(userid);
  }

  /** Messages accepted but not delivered: a member over 30 a minute or 1000 an hour (WeCom drops them silently). */
  get droppedMessages(): number {
    return this.core.messages.dropped;
  }

  /** Forgets every received message (and the per-member rate counts). */
  clearMessages(): void {
    this.core.messages.clear();
  }

  /** Contacts: a member gone from the company (user/get then answers 60111). */
  removeMember(userid: string): void {
    this.core.members.delete(userid.toLowerCase());
  }

  setDepartment(department: EmulatorDepartment): void {
    this.core.contacts.setDepartment(department);
  }

  removeDepartment(id: number): void {
    this.core.contacts.removeDepartment(id);
  }

  /** Contacts: how WeCom treats a Secret (see SecretPolicy); a Secret listed here is accepted by gettoken. */
  setSecretPolicy(secret: string, policy: SecretPolicy): void {
    this.core.opts.secretPolicies = { ...this.core.opts.secretPolicies, [secret]: policy };
  }

  /** A key present with `undefined` clears that option (e.g. `{ blockedIp: undefined }`). */
  update(options: Partial<Pick<EmulatorOptions, UpdatableOption>>): void {
    Object.assign(this.core.opts, options);
  }

  /** Closes the server and every open socket, hung ones included. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private takeFault(endpoint: EmulatorEndpoint, page: boolean): Fault | undefined {
    const queued = this.queue.get(endpoint);
    if (queued?.length) return queued.shift();
    if (this.rate <= 0 || Math.random() >= this.rate) return undefined;
    const pool = page ? this.rateFaults.filter((f) => 'httpStatus' in f || 'delayMs' in f) : this.rateFaults;
    return pool.length ? pool[Math.floor(Math.random() * pool.length)] : undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const body = await readBody(req);
    if (url.pathname === '/sandbox/pick') return this.send(res, this.pick(url.searchParams));
    if (url.pathname === '/sandbox/messages') {
      // Sandbox "phone": what a member received, for pages and tests in another process (not a WeCom API).
      return this.send(res, json({ messages: this.core.messages.received(url.searchParams.get('userid') ?? '') }));
    }
    const endpoint = ROUTES[url.pathname];
    if (!endpoint) return this.send(res, { status: 404, type: 'text/plain; charset=UTF-8', body: 'not found' });
    this.calls[endpoint]++;
    const page = endpoint === 'authorize' || endpoint === 'sso';
    const fault = this.takeFault(endpoint, page);
    if (fault) this.faultsInjected++;
    if (fault && 'hang' in fault) return; // the socket stays open until the client gives up or stop()
    if (fault && 'destroy' in fault) return void req.socket.resetAndDestroy();
    const delay = (page ? 0 : (this.core.opts.latencyMs ?? 0)) + (fault && 'delayMs' in fault ? fault.delayMs : 0);
    if (delay > 0) await this.sleep(delay);
    if (this.stopped) return;
    let answer: Answer;
    if (fault && 'httpStatus' in fault) answer = html(httpErrorPage(fault.httpStatus), fault.httpStatus);
    else if (fault && 'errcode' in fault) {
      const error = wxError(fault.errcode, fault.errmsg);
      answer = page ? html(errorPage(error)) : json(error);
    } else if (fault && 'body' in fault) answer = { status: 200, type: page ? HTML_TYPE : JSON_TYPE, body: fault.body };
    else if (page) answer = this.login(endpoint as 'authorize' | 'sso', url.searchParams);
    else answer = json(this.core.api(endpoint, req.method ?? 'GET', url.searchParams, body));
    if (fault && 'truncate' in fault) return this.sendTruncated(res, answer);
    this.send(res, answer);
  }

  private login(kind: 'authorize' | 'sso', q: URLSearchParams): Answer {
    const check = checkLogin(kind, q, this.core.opts);
    if ('error' in check) return html(errorPage(check.error));
    const flow: PickFlow = { kind, ...check, createdAt: Date.now() };
    if (this.core.opts.interactive) {
      for (const [id, f] of this.flows) if (f.createdAt + FLOW_TTL_MS < flow.createdAt) this.flows.delete(id);
      const id = rand(12);
      this.flows.set(id, flow);
      return html(pickerPage(id, flow, [...this.core.members.values()]));
    }
    const userid = this.loginAs || this.core.members.values().next().value?.userid || '';
    if (!this.core.member(userid)) {
      return html(errorPage(wxError(60111, `sandbox: loginAs "${userid}" is not a member of the emulator`)));
    }
    return this.redirect(flow, userid);
  }

  /** Sandbox link of the picker page: finish the sign-in as the chosen member (no counter, no fault). */
  private pick(q: URLSearchParams): Answer {
    const flow = this.flows.get(q.get('flow') ?? '');
    const userid = q.get('userid') ?? '';
    if (!flow) return html(errorPage(wxError(40029, 'sandbox: this sign-in page has expired, start again')), 400);
    if (!this.core.member(userid)) return html(errorPage(wxError(60111, `sandbox: no member "${userid}"`)), 400);
    return this.redirect(flow, userid);
  }

  private redirect(flow: PickFlow, userid: string): Answer {
    const code = this.core.issueCode(userid, flow.withTicket);
    const location = appendQuery(flow.redirectUri, { code, state: flow.state });
    return { status: 302, type: HTML_TYPE, body: redirectPage(location), location };
  }

  private headers(a: Answer, length: number): http.OutgoingHttpHeaders {
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': a.type,
      'Content-Length': length,
      'Cache-Control': 'no-store',
    };
    if (a.location) headers.Location = a.location;
    return headers;
  }

  private send(res: http.ServerResponse, a: Answer): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(a.status, this.headers(a, Buffer.byteLength(a.body))).end(a.body);
  }

  /** Announces the full Content-Length, sends half of the body, then ends the socket. */
  private sendTruncated(res: http.ServerResponse, a: Answer): void {
    if (res.destroyed || res.writableEnded) return;
    const full = Buffer.from(a.body, 'utf8');
    res.writeHead(a.status, this.headers(a, full.length));
    res.write(full.subarray(0, Math.floor(full.length / 2)));
    res.socket?.end();
  }
}
