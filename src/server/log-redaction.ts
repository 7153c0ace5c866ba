/**
 * NocoBase's request log writes each action's parameters (`params.values`) into the response line, blanking only
 * user passwords. Saving a WeCom authenticator, or checking its setup, would log the Secret and the proxy's
 * password: once such an action has run, those two values are replaced in its parameters (what the log, and the
 * audit log, then see). A `{{$env.NAME}}` reference is not a secret and stays readable.
 */
import type { ResourcerActionContext } from '@nocobase/resourcer';
import type { Application } from '@nocobase/server';
import { RESOURCE } from '../constants';
import { isEnvReference } from '../option-text';

export const REDACTED = '[redacted]';

/** Actions whose `values` may carry `options.wecom.secret` / `options.wecom.proxy`. */
const CARRIERS: Record<string, string[]> = {
  authenticators: ['create', 'update', 'updateOrCreate', 'firstOrCreate'],
  [RESOURCE]: ['checkSetup'],
};

export function redactWecomSecretsInLogs(app: Application) {
  app.resourceManager.use(
    async function redactWecomSecrets(ctx: ResourcerActionContext, next: () => Promise<void>) {
      try {
        await next();
      } finally {
        const action = ctx.action;
        if (action && CARRIERS[action.resourceName]?.includes(action.actionName)) {
          redactWecomValues(action.params?.values);
        }
      }
    },
    { tag: 'wecom-redact-secrets' },
  );
}

/** Replaces, in place, the Secret and the proxy's credentials of `values.options.wecom`. */
export function redactWecomValues(values: unknown): void {
  const wecom = (values as { options?: { wecom?: Record<string, unknown> } } | undefined)?.options?.wecom;
  if (!wecom || typeof wecom !== 'object') {
    return;
  }
  if (typeof wecom.secret === 'string' && wecom.secret && !isEnvReference(wecom.secret)) {
    wecom.secret = REDACTED;
  }
  if (typeof wecom.proxy === 'string' && wecom.proxy) {
    wecom.proxy = withoutCredentials(wecom.proxy);
  }
}

function withoutCredentials(proxy: string): string {
  try {
    const url = new URL(proxy);
    return url.username || url.password ? `${url.protocol}//${REDACTED}@${url.host}` : proxy;
  } catch {
    return REDACTED;
  }
}
