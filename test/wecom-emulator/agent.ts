/**
 * `agent/get` of the WeCom emulator: the app's own setup as the admin set it in WeCom's console (trusted
 * domain, homepage, enabled, visible range), answering as docs/wecom-api.md ("The app itself") describes.
 */
import type { EmulatorAgent, EmulatorOptions } from './types';

type Json = Record<string, unknown>;

/** The app as a fresh, well set-up one: enabled, visible to department 1, trusted domain = `trustedDomain`. */
export function agentOf(opts: EmulatorOptions): Required<EmulatorAgent> {
  return {
    name: 'NocoBase',
    close: false,
    redirectDomain: opts.trustedDomain ?? '',
    homeUrl: '',
    users: [],
    departments: [1],
    tags: [],
    ...opts.agent,
  };
}

/**
 * Emulator choices where the sheet is silent: no `agentid` → 41011 (missing agentid); a non-numeric one →
 * 40056 (invalid agentid); the AgentId of another app than the token's Secret → 60011 (no privilege).
 */
export function agentGet(
  opts: EmulatorOptions,
  q: URLSearchParams,
  error: (errcode: number, errmsg?: string) => Json,
): Json {
  const agentid = q.get('agentid');
  if (!agentid) return error(41011, 'missing agentid');
  if (!/^\d+$/.test(agentid)) return error(40056);
  if (agentid !== String(opts.agentId)) return error(60011);
  const agent = agentOf(opts);
  return {
    errcode: 0,
    errmsg: 'ok',
    agentid: Number(agentid),
    name: agent.name,
    square_logo_url: '',
    description: '',
    allow_userinfos: { user: agent.users.map((userid) => ({ userid })) },
    allow_partys: { partyid: agent.departments },
    allow_tags: { tagid: agent.tags },
    close: agent.close ? 1 : 0,
    redirect_domain: agent.redirectDomain,
    report_location_flag: 0,
    isreportenter: 0,
    home_url: agent.homeUrl,
  };
}
