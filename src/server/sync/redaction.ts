import type { Application } from '@nocobase/server';
import { isEnvReference } from '../../option-text';
import { REDACTED } from '../log-redaction';
import { SOURCE_TYPE } from './options';

/**
 * Saving a WeCom sync source sends its Secret, Token and EncodingAESKey (and maybe a proxy password) as action
 * values, which NocoBase's request log (and audit log) record: once the action ran, they are replaced in its
 * parameters, as for authenticators (log-redaction.ts). `{{$env.NAME}}` references stay readable.
 */
const ACTIONS = ['create', 'update', 'updateOrCreate', 'firstOrCreate'];
const SECRETS = ['secret', 'token', 'encodingAESKey'];

export const MIDDLEWARE_TAG = 'wecom-sync-redact-secrets';

export function redactSyncSourceSecretsInLogs(app: Application) {
  type Middleware = Parameters<typeof app.resourceManager.use>[0];
  const middleware: Middleware = async (ctx, next) => {
    try {
      await next();
    } finally {
      const action = ctx.action;
      if (action?.resourceName === 'userDataSyncSources' && ACTIONS.includes(action.actionName)) {
        redactSyncValues(action.params?.values);
      }
    }
  };
  app.resourceManager.use(middleware, { tag: MIDDLEWARE_TAG });
}

/** Replaces, in place, the secrets of a WeCom source's `values.options`. */
export function redactSyncValues(values: unknown): void {
  const record = values as { sourceType?: unknown; options?: Record<string, unknown> } | undefined;
  const options = record?.options;
  if (!options || typeof options !== 'object' || (record?.sourceType && record.sourceType !== SOURCE_TYPE)) {
    return;
  }
  for (const name of SECRETS) {
    const value = options[name];
    if (typeof value === 'string' && value && !isEnvReference(value)) {
      options[name] = REDACTED;
    }
  }
  if (typeof options.proxy === 'string' && /\/\/[^/]*@/.test(options.proxy)) {
    options.proxy = options.proxy.replace(/\/\/[^/]*@/, `//${REDACTED}@`);
  }
}
