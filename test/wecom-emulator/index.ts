/**
 * Loopback emulator of WeCom (Node built-ins only) for the server tests, the `npm start` sandbox and
 * stress tests with fault injection. One base URL serves WeCom's three hosts (docs/wecom-api.md):
 * API (`/cgi-bin/...`), in-client OAuth (`/connect/oauth2/authorize`) and web/QR login
 * (`/wwlogin/sso/login`). Types: types.ts; API logic: api.ts (access_tokens: tokens.ts, errors: errors.ts);
 * HTTP answers: answers.ts; fault injection: faults.ts; sign-in checks and HTML pages: pages.ts; app messages and
 * each member's inbox: message.ts.
 */
import http from 'http';
import type { AddressInfo, Socket } from 'net';
import { EmulatorCore } from './api';
import { rand, wxError } from './errors';
import type { EmulatorEndpoint, EmulatorMember, EmulatorOptions, Fault } from './types';
import { appendQuery, checkLogin, errorPage, httpErrorPage, pickerPage, redirectPage } from './pages';
import { html, HTML_TYPE, json, readBody, ROUTES, send, sendTruncated, zeroCalls, type Answer } from './answers';
import type { EmulatorDepartment, SecretPolicy } from './contacts';
import { FaultPlan } from './faults';
import type { PickFlow } from './pages';
import type { ReceivedMessage } from './message';

export type { EmulatorEndpoint, EmulatorMember, EmulatorOptions, Fault } from './types';
export type { EmulatorDepartment, SecretPolicy } from './contacts';
export type { ReceivedMessage } from './message';

type UpdatableOption = 'blockedIp' | 'latencyMs' | 'trustedDomain' | 'secret' | 'tokenTtlSeconds' | 'agent';
const FLOW_TTL_MS = 30 * 60 * 1000;

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
  private readonly faults = new FaultPlan();
  private readonly flows = new Map<string, PickFlow>();
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
    return this.core.tokens.issuedTokens();
  }

  resetCalls(): void {
    this.calls = zeroCalls();
  }

  issueCode(userid: string, opts?: { withTicket?: boolean }): string {
    return this.core.issueCode(userid, !!opts?.withTicket);
  }

  expireTokens(errcode: 40014 | 42001 = 42001): void {
    this.core.tokens.expireTokens(errcode);
  }

  failNext(endpoint: EmulatorEndpoint, fault: Fault, times = 1): void {
    this.faults.failNext(endpoint, fault, times);
  }

  /** Drops the faults queued by failNext that no request has taken yet. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Pages (authorize/sso) only draw the httpStatus and delayMs faults of the list. */
  setFaultRate(rate: number, faults?: Fault[]): void {
    this.faults.setRate(rate, faults);
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

  /** Contacts: these members and departments, and no others (a test's starting point). */
  setContacts(members: EmulatorMember[], departments: EmulatorDepartment[]): void {
    this.core.members.clear();
    for (const member of members) this.core.setMember(member);
    this.core.contacts.departments.clear();
    for (const department of departments) this.core.contacts.setDepartment(department);
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
    if (url.pathname === '/sandbox/pick') return send(res, this.pick(url.searchParams));
    if (url.pathname === '/sandbox/messages') {
      // Sandbox "phone": what a member received, for pages and tests in another process (not a WeCom API).
      return send(res, json({ messages: this.core.messages.received(url.searchParams.get('userid') ?? '') }));
    }
    const endpoint = ROUTES[url.pathname];
    if (!endpoint) return send(res, { status: 404, type: 'text/plain; charset=UTF-8', body: 'not found' });
    this.calls[endpoint]++;
    const page = endpoint === 'authorize' || endpoint === 'sso';
    const fault = this.faults.take(endpoint, page);
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
    } else if (fault && 'body' in fault) answer = page ? html(fault.body) : { ...json({}), body: fault.body };
    else if (page) answer = this.login(endpoint as 'authorize' | 'sso', url.searchParams);
    else answer = json(this.core.api(endpoint, req.method ?? 'GET', url.searchParams, body));
    if (fault && 'truncate' in fault) return sendTruncated(res, answer);
    send(res, answer);
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
}
