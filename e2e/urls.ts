/**
 * "No token in any URL" (README, "Public actions"), checked on everything the browser did: every URL each page
 * of each step visited or requested (browser.ts records them) is kept for the run, written to
 * `.sandbox/screenshots/visited-urls.txt`, and a step fails when one of its URLs carries `token=` — raw or
 * percent-encoded, e.g. inside a `redirect` parameter.
 */
import fs from 'fs';
import type { VisitedUrl } from './browser';

export interface RecordedUrl extends VisitedUrl {
  /** `<step number>. <stack label>`, for the report. */
  step: string;
}

/** Every URL of the run, in order. */
export class UrlLog {
  readonly all: RecordedUrl[] = [];

  add(step: string, urls: VisitedUrl[]) {
    for (const url of urls) this.all.push({ ...url, step });
  }

  write(file: string) {
    const lines = this.all.map((u) => `${u.step}\t${u.kind}\t${u.url}`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
  }
}

/** The URLs that carry `token=` (a JWT or any other token), after decoding up to two levels of encoding. */
export function urlsWithToken(urls: VisitedUrl[]): VisitedUrl[] {
  return urls.filter(({ url }) => variants(url).some((text) => /token=/i.test(text)));
}

function variants(url: string): string[] {
  const out = [url];
  let current = url;
  for (let i = 0; i < 2; i++) {
    try {
      const decoded = decodeURIComponent(current);
      if (decoded === current) break;
      out.push(decoded);
      current = decoded;
    } catch {
      break;
    }
  }
  return out;
}

/**
 * The landing of a finished sign-in, as the plugin's callback sends it: `<path>?authenticator=NAME&handoff=CODE`
 * (a 32-hex code), seen as a request of the page. Throws when no such landing is among `urls`.
 */
export function expectHandoffLanding(urls: VisitedUrl[], pathPrefix: string, authenticator: string): string {
  const landing = urls.find(({ url }) => {
    const parsed = new URL(url);
    return (
      (parsed.pathname === pathPrefix || parsed.pathname.startsWith(`${pathPrefix}/`)) &&
      /^[0-9a-f]{32}$/.test(parsed.searchParams.get('handoff') || '') &&
      parsed.searchParams.get('authenticator') === authenticator
    );
  });
  if (!landing) {
    const seen = urls.filter(({ kind }) => kind === 'main frame').map(({ url }) => url);
    throw new Error(
      `no landing on ${pathPrefix}?authenticator=${authenticator}&handoff=<code> was seen; main-frame URLs: ${seen.join(' , ')}`,
    );
  }
  return landing.url;
}
