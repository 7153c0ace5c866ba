/**
 * The sandbox's "WeCom console": a page on the sandbox's port (`/sandbox/console`) that plays WeCom's admin
 * console for the sandbox app. At start the app is set up to match the sandbox NocoBase (trusted domain = the
 * host NocoBase is reached at, homepage = the workbench link, visible to department 1, enabled), so "Check
 * setup" is all ✓; each setting can be broken and restored here, to see "Check setup" catch it.
 *
 *   GET  /sandbox/console                       the page (current settings, a Break / Restore button each)
 *   POST /sandbox/console?break=<setting>       break one: trustedDomain, homepage, visibleRange, enabled
 *   POST /sandbox/console?restore=<setting|all> put one (or all) back as set up
 *
 * A POST answers 303 back to the page. While the trusted domain is broken, the sandbox's sign-in pages refuse
 * NocoBase's redirect_uri with errcode 50001, as WeCom does.
 */
import type http from 'http';
import { escapeHtml } from '../test/wecom-emulator/pages';
import type { WecomEmulator } from '../test/wecom-emulator';
import type { EmulatorAgent } from '../test/wecom-emulator/types';

export const CONSOLE_PATH = '/sandbox/console';

/** What the sandbox app must hold for "Check setup" to be all ✓. */
export interface ConsoleSetup {
  /** The host NocoBase is reached at, as the plugin sends it to WeCom: `127.0.0.1:13000`. */
  trustedDomain: string;
  /** The workbench link: `http://127.0.0.1:13000/api/wecom:workbench?authenticator=wecom`. */
  homeUrl: string;
}

export const SETTINGS = ['trustedDomain', 'homepage', 'visibleRange', 'enabled'] as const;
export type ConsoleSetting = (typeof SETTINGS)[number];

/** The wrong value each "Break" puts in. */
export const BROKEN_TRUSTED_DOMAIN = 'nocobase.example.com';
export const BROKEN_HOMEPAGE = '';

const LABELS: Record<ConsoleSetting, { label: string; breaks: string }> = {
  trustedDomain: { label: 'Trusted domain (可信域名)', breaks: `set it to ${BROKEN_TRUSTED_DOMAIN}` },
  homepage: { label: 'Application homepage (应用主页)', breaks: 'clear it' },
  visibleRange: { label: 'Visible range (可见范围)', breaks: 'make it empty' },
  enabled: { label: 'App enabled', breaks: 'disable the app' },
};

export class WecomConsole {
  private readonly broken = new Set<ConsoleSetting>();

  constructor(
    private readonly emulator: WecomEmulator,
    readonly setup: ConsoleSetup,
  ) {
    this.apply();
  }

  isBroken(setting: ConsoleSetting): boolean {
    return this.broken.has(setting);
  }

  break(setting: ConsoleSetting): void {
    this.broken.add(setting);
    this.apply();
  }

  restore(setting: ConsoleSetting | 'all'): void {
    if (setting === 'all') this.broken.clear();
    else this.broken.delete(setting);
    this.apply();
  }

  /** The app as `agent/get` reports it now. */
  agent(): Required<Pick<EmulatorAgent, 'redirectDomain' | 'homeUrl' | 'departments' | 'close'>> {
    return {
      redirectDomain: this.broken.has('trustedDomain') ? BROKEN_TRUSTED_DOMAIN : this.setup.trustedDomain,
      homeUrl: this.broken.has('homepage') ? BROKEN_HOMEPAGE : this.setup.homeUrl,
      departments: this.broken.has('visibleRange') ? [] : [1],
      close: this.broken.has('enabled'),
    };
  }

  private apply() {
    const agent = this.agent();
    this.emulator.update({
      agent: { name: 'NocoBase (sandbox)', users: [], tags: [], ...agent },
      // Sign-in pages are only held to the trusted domain while it is broken: a well set-up sandbox also works
      // when NocoBase is opened under another host name (localhost, a LAN address).
      trustedDomain: this.broken.has('trustedDomain') ? BROKEN_TRUSTED_DOMAIN : undefined,
    });
  }

  /** Answers a request under CONSOLE_PATH. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, ownOrigin: string): void {
    const url = new URL(req.url ?? '/', ownOrigin);
    if (url.pathname !== CONSOLE_PATH) return send(res, 404, 'text/plain', 'not found');
    if (req.method === 'GET' || req.method === 'HEAD') return send(res, 200, 'text/html', this.page());
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'GET or POST');
    // Only this page's own forms (or a client that sends no Origin, such as curl) may change the settings.
    const origin = req.headers.origin;
    if (origin && origin !== ownOrigin) return send(res, 403, 'text/plain', 'forbidden: another site');
    const toBreak = url.searchParams.get('break');
    const toRestore = url.searchParams.get('restore');
    if (toBreak && isSetting(toBreak)) this.break(toBreak);
    else if (toRestore && (toRestore === 'all' || isSetting(toRestore))) this.restore(toRestore);
    else
      return send(
        res,
        400,
        'text/plain',
        `?break=<setting> or ?restore=<setting|all>; settings: ${SETTINGS.join(', ')}`,
      );
    res.writeHead(303, { Location: CONSOLE_PATH, 'Content-Length': 0, 'Cache-Control': 'no-store' }).end();
  }

  private page(): string {
    const agent = this.agent();
    const value: Record<ConsoleSetting, string> = {
      trustedDomain: agent.redirectDomain,
      homepage: agent.homeUrl || '(empty)',
      visibleRange: agent.departments.length ? `department ${agent.departments.join(', ')}` : '(empty)',
      enabled: agent.close ? 'no (disabled)' : 'yes',
    };
    const rows = SETTINGS.map((setting) => {
      const broken = this.broken.has(setting);
      const action = broken ? `restore=${setting}` : `break=${setting}`;
      const button = broken ? 'Restore' : `Break: ${LABELS[setting].breaks}`;
      return (
        `<tr data-setting="${setting}" data-state="${broken ? 'broken' : 'ok'}">` +
        `<th>${escapeHtml(LABELS[setting].label)}</th><td><code>${escapeHtml(value[setting])}</code></td>` +
        `<td class="${broken ? 'bad' : 'good'}">${broken ? 'broken' : 'as set up'}</td>` +
        `<td><form method="post" action="${CONSOLE_PATH}?${action}"><button type="submit">${escapeHtml(button)}</button></form></td></tr>`
      );
    });
    return (
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">' +
      '<meta name="viewport" content="width=device-width,initial-scale=1"><title>WeCom sandbox — console</title>' +
      `<style>${STYLE}</style></head><body><div class="banner">WeCom sandbox — not the real WeCom</div><main>` +
      '<h1>WeCom console: the sandbox app</h1>' +
      "<p>What WeCom's admin console holds for the sandbox app (<code>agent/get</code> reports it). As set up, it " +
      'matches this NocoBase, so <b>Check setup</b> in the authenticator form is all ✓. Break a setting, run ' +
      'Check setup again, and read its ✗ and the fix.</p>' +
      `<table>${rows.join('')}</table>` +
      `<form method="post" action="${CONSOLE_PATH}?restore=all"><button type="submit">Restore all</button></form>` +
      '<p class="note">While the trusted domain is broken, the sandbox\'s sign-in pages refuse NocoBase with ' +
      'errcode 50001, as WeCom does.</p></main></body></html>'
    );
  }
}

function isSetting(value: string): value is ConsoleSetting {
  return (SETTINGS as readonly string[]).includes(value);
}

function send(res: http.ServerResponse, status: number, type: string, body: string) {
  res
    .writeHead(status, {
      'Content-Type': `${type}; charset=UTF-8`,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
    })
    .end(body);
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1f2329}
.banner{background:#b42318;color:#fff;padding:10px 16px;font-weight:600}
main{max-width:860px;margin:24px auto;padding:0 16px}
table{border-collapse:collapse;background:#fff;margin:16px 0;width:100%}
th,td{border:1px solid #d0d5dd;padding:8px 10px;text-align:left;vertical-align:middle}
td form{margin:0}
code{background:#eef;padding:1px 4px;border-radius:3px;word-break:break-all}
.good{color:#067647}.bad{color:#b42318;font-weight:600}.note{color:#475467}
button{cursor:pointer}`;
