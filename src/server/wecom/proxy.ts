/**
 * The way out to WeCom: straight, or through an HTTP(S) proxy (HTTP CONNECT tunnels, by the maintained
 * `https-proxy-agent`). The proxy comes from the app's setting, else from the standard environment variables
 * (`HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http ones, lower case too, `NO_PROXY` to skip hosts).
 * Connections are kept open between calls either way, one pool per proxy, owned by the app's `Connections`.
 * A proxy URL may hold a password: only `proxyHost()` of it may reach an error, a message or a log.
 */
import http from 'http';
import https from 'https';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import { parseHttpUrl } from '../../option-text';

const KEEP_ALIVE = { keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 60_000 };

export interface Route {
  httpAgent: http.Agent;
  httpsAgent: http.Agent;
  /** `host:port` of the proxy the call goes through (never its credentials); undefined when direct. */
  proxy?: string;
}

/** One agent (one pool of tunnels) per proxy URL; a handful at most, the oldest dropped beyond that. */
const MAX_PROXIES = 16;

/** The open connections of one app to WeCom: one pool straight out, one per proxy. */
export class Connections {
  private readonly direct: Route = {
    httpAgent: new http.Agent(KEEP_ALIVE),
    httpsAgent: new https.Agent(KEEP_ALIVE),
  };
  private readonly viaProxy = new Map<string, HttpsProxyAgent<string>>();

  /** How a call to `url` leaves this server: through `configured` when set, else as the environment says. */
  routeFor(url: URL, configured?: string): Route {
    const proxy = configured || getProxyForUrl(url.toString());
    if (!proxy) {
      return this.direct;
    }
    let agent = this.viaProxy.get(proxy);
    if (!agent) {
      agent = new HttpsProxyAgent(proxy, KEEP_ALIVE);
      if (this.viaProxy.size >= MAX_PROXIES) {
        const [oldest, old] = this.viaProxy.entries().next().value as [string, HttpsProxyAgent<string>];
        this.viaProxy.delete(oldest);
        old.destroy();
      }
      this.viaProxy.set(proxy, agent);
    }
    return { httpAgent: agent, httpsAgent: agent, proxy: proxyHost(proxy) };
  }

  /** Closes every kept-open connection (the app stops or reloads); a later call opens new ones. */
  close(): void {
    this.direct.httpAgent.destroy();
    this.direct.httpsAgent.destroy();
    for (const agent of this.viaProxy.values()) {
      agent.destroy();
    }
    this.viaProxy.clear();
  }
}

/** `host:port` of a proxy URL, without scheme, user or password. */
export function proxyHost(proxy: string): string {
  try {
    const url = new URL(proxy);
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return 'proxy';
  }
}

/**
 * A proxy setting as the admin may write it: `http(s)://[user:pass@]host:port`, nothing after the port.
 * Returns it normalised, or undefined when it is not one (the caller names the setting, never the value).
 */
export function parseProxyUrl(value: string): string | undefined {
  const url = parseHttpUrl(value);
  if (!url?.hostname || (url.pathname && url.pathname !== '/') || url.search || url.hash) {
    return undefined;
  }
  return url.toString().replace(/\/$/, '');
}
