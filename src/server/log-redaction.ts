/**
 * NocoBase's request log writes each action's parameters (`params.values`) into the response line, blanking only
 * user passwords. Saving a WeCom authenticator, or checking its setup, would log the Secret and the proxy's
 * password: once such an action has run, those two values are replaced in its parameters (what the log, and the
 * audit log, then see). A `{{$env.NAME}}` reference is not a secret and stays readable.
 */
import { RESOURCE } from '../constants';

export const REDACTED = '[redacted]';

/** Actions whose `values` may carry `options.wecom.secret` / `options.wecom.proxy`. */
const CARRIERS: Record<string, string[]> = {
  authenticators: ['create', 'update', 'updateOrCreate', 'firstOrCreate'],
  [RESOURCE]: ['checkSetup'],
};

export function redactWecomSecretsInLogs(app: any) {
  app.resourceManager.use(
    async function redactWecomSecrets(ctx: any, next: () => Promise<void>) {
      try {
        await next();
      } finally {
        const { resourceName, actionName, params } = ctx.action ?? {};
        if (CARRIERS[resourceName]?.includes(actionName)) {
          redactWecomValues(params?.values);
        }
      }
    },
    { tag: 'wecom-redact-secrets' },
  );
}

/** Replaces, in place, the Secret and the proxy's credentials of `values.options.wecom`. */
export function redactWecomValues(values: any): void {
  const wecom = values?.options?.wecom;
  if (!wecom || typeof wecom !== 'object') {
    return;
  }
  if (typeof wecom.secret === 'string' && wecom.secret && !/^\s*\{\{\s*\$env\.[\w.]+\s*\}\}\s*$/.test(wecom.secret)) {
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
