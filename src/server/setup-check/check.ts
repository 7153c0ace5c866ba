/**
 * "Check setup": the admin's WeCom setup, checked against WeCom itself, one line per thing that can be wrong
 * in WeCom's console. Pure logic over the typed client (no NocoBase here): the caller brings the checked
 * config, the app's WeCom runtime (the sign-in's own token cache, so a check costs no extra `gettoken`) and
 * what this site expects (its host, its workbench link). Facts: docs/wecom-api.md, "The app itself".
 */
import { MessageId, messageIdOf, MessageParams, MSG } from '../../messages';
import { toSignInError } from '../failures';
import { getAgentInfo } from '../wecom/api';
import { WecomApiError } from '../wecom/errors';
import type { WecomRuntime } from '../wecom/runtime';
import { WecomAgentInfo, WecomConfig } from '../wecom/types';

/** The lines, in the order the admin reads them. `settings`: the form itself could not be read. */
export const CHECKS = [
  'settings',
  'credentials',
  'trustedIp',
  'agent',
  'trustedDomain',
  'homepage',
  'visibleRange',
] as const;
export type CheckId = (typeof CHECKS)[number];

export interface CheckLine {
  check: CheckId;
  /** `skipped`: could not be checked because an earlier line failed. */
  status: 'ok' | 'fail' | 'skipped';
  /** What to change, as an id of the shared message table; only on `fail`. */
  message?: MessageId;
  params?: MessageParams;
}

export interface SiteExpectations {
  /** The host this site is reached at, as the plugin sends it to WeCom (no scheme, no default port). */
  domain: string;
  /** `<origin><api prefix>wecom:workbench?authenticator=NAME`; undefined while the authenticator has no name. */
  workbenchLink?: string;
}

/** Agent-scoped refusals of `agent/get`: the Secret is valid but belongs to another app than the AgentId. */
const NOT_THIS_AGENT = new Set([40056, 60011, 301002, 48002]);

export async function checkSetup(
  config: WecomConfig,
  wecom: WecomRuntime,
  site: SiteExpectations,
): Promise<CheckLine[]> {
  const lines = new Map<CheckId, CheckLine>();
  const set = (check: CheckId, status: CheckLine['status'], message?: MessageId, params?: MessageParams) =>
    lines.set(check, { check, status, ...(message ? { message, params: params ?? {} } : {}) });

  let agent: WecomAgentInfo | undefined;
  try {
    await wecom.tokens.get(config);
    set('credentials', 'ok');
    agent = await getAgentInfo(config, wecom);
    set('trustedIp', 'ok');
  } catch (error) {
    const { message, params } = failureOf(error);
    const step: CheckId = lines.has('credentials') ? 'agent' : 'credentials';
    if (message === 'ipNotAllowed') {
      set('trustedIp', 'fail', message, params);
    } else {
      set(step, 'fail', step === 'agent' && isNotThisAgent(error) ? 'badAgentId' : message, params);
      if (step === 'agent' && answered(error)) {
        set('trustedIp', 'ok'); // agent/get came back with an errcode of its own: the IP was let in
      }
    }
  }
  if (agent) {
    set('agent', agent.closed ? 'fail' : 'ok', agent.closed ? 'agentClosed' : undefined);
    set('trustedDomain', ...domainCheck(agent.redirectDomain, site.domain));
    if (site.workbenchLink) {
      set('homepage', ...homepageCheck(agent.homeUrl, site.workbenchLink));
    }
    const { users, departments, tags } = agent.visible;
    const visible = users.length + departments.length + tags.length > 0;
    set('visibleRange', visible ? 'ok' : 'fail', visible ? undefined : 'emptyRange');
  }
  return CHECKS.filter((check) => check !== 'settings').map(
    (check) => lines.get(check) ?? { check, status: 'skipped' },
  );
}

/** A line for a form that cannot be checked at all (a required field missing, a URL that is not one). */
export function settingsFailure(error: unknown): CheckLine[] {
  const { message, params } = failureOf(error);
  return [{ check: 'settings', status: 'fail', message, params }];
}

type Verdict = [CheckLine['status'], MessageId?, MessageParams?];

/** WeCom's trusted domain against this site's host: equal, ignoring case and a trailing slash or dot. */
export function domainCheck(actual: string, expected: string): Verdict {
  const normal = (value: string) =>
    value
      .trim()
      .toLowerCase()
      .replace(/[/.]+$/, '');
  if (!normal(actual)) {
    return ['fail', 'trustedDomainMissing', { expected }];
  }
  return normal(actual) === normal(expected) ? ['ok'] : ['fail', 'trustedDomainMismatch', { actual, expected }];
}

/** WeCom's app homepage against the workbench link: the same URL once parsed (default port, case of the host). */
export function homepageCheck(actual: string, expected: string): Verdict {
  if (!actual.trim()) {
    return ['fail', 'homepageMissing', { expected }];
  }
  return sameUrl(actual, expected) ? ['ok'] : ['fail', 'homepageMismatch', { actual, expected }];
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a.trim()).href === new URL(b.trim()).href;
  } catch {
    return false;
  }
}

/** Any failure as a message id and its parameters, through the one mapping every sign-in uses. */
function failureOf(error: unknown): { message: MessageId; params: MessageParams } {
  const failure = toSignInError(error);
  return { message: messageIdOf(failure.messageKey) ?? (messageIdOf(MSG.failed) as MessageId), params: failure.params };
}

function answered(error: unknown): boolean {
  return error instanceof WecomApiError && error.kind === 'errcode';
}

function isNotThisAgent(error: unknown): boolean {
  return answered(error) && NOT_THIS_AGENT.has((error as WecomApiError).errcode as number);
}
