/**
 * Wiring of "Check setup": the `wecom:checkSetup` action (only for those who may manage authenticators,
 * rate-limited), and the same checks once when a WeCom authenticator is saved enabled, as a log warning.
 */
import type { Context, Next } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import type { HandlerType } from '@nocobase/resourcer';
import type Application from '@nocobase/server';
import { ACTION_CHECK_SETUP, AUTH_TYPE, RESOURCE } from '../../constants';
import { MSG } from '../../messages';
import { requestLanguage, translate } from '../i18n';
import { CheckLine } from './check';
import { OnceMarks } from '../web/once';
import { checkInput, CheckInput } from './input';

/** One run per saved authenticator (or per admin, for any other form) within this window. */
export const CHECK_INTERVAL_MS = 3000;

export function registerSetupCheck(app: Application) {
  // Claimed atomically, across the nodes of a cluster too (Redis SET NX when the app's cache is on Redis).
  const runs = new OnceMarks(app, `${RESOURCE}-check-setup`);
  app.resourceManager
    .getResource(RESOURCE)
    .addAction(ACTION_CHECK_SETUP, checkSetupAction(runs) as unknown as HandlerType);
  // The ACL snippet that lets a role manage authenticators (plugin-auth's `pm.<its name>.authenticators`)
  // also lets it check them; nothing else does (root passes every check).
  const authPlugin = app.pm.get('auth') ?? app.pm.get('@nocobase/plugin-auth');
  app.acl.registerSnippet({
    name: `pm.${authPlugin?.name ?? 'auth'}.authenticators`,
    actions: [`${RESOURCE}:${ACTION_CHECK_SETUP}`],
  });
  app.db.on('authenticators.afterSave', checkOnSave);
}

/** `POST wecom:checkSetup` with `{ id?, name?, options }` (the form's values) → `{ lines: CheckLine[] }`. */
export function checkSetupAction(runs: OnceMarks) {
  return async function checkSetup(ctx: Context, next: Next) {
    const values = ctx.action.params.values ?? {};
    const input: CheckInput = {
      id: values.id,
      name: typeof values.name === 'string' && values.name ? values.name : undefined,
      options: values.options,
    };
    // Per real authenticator, whoever asks; any other name (or none) counts against the admin who sends it.
    const saved = input.name
      ? await ctx.db.getRepository('authenticators').findOne({ filter: { name: input.name, authType: AUTH_TYPE } })
      : null;
    const key = saved ? `authenticator:${saved.get('id')}` : `user:${ctx.state.currentUser?.id}`;
    if (!(await runs.claim(key, CHECK_INTERVAL_MS))) {
      ctx.throw(429, translate(ctx, requestLanguage(ctx), MSG.checkTooOften));
    }
    ctx.body = { lines: await checkInput(ctx, input) };
    await next();
  };
}

/**
 * After an admin saves an enabled WeCom authenticator (through the API: the save carries the request), the
 * checks run in the background; what fails goes to the server log. The save itself is never held up or refused.
 */
function checkOnSave(model: Model, options: { context?: Context }) {
  const ctx = options?.context;
  if (!ctx?.app || model.get('authType') !== AUTH_TYPE || model.get('enabled') === false) {
    return;
  }
  const name = String(model.get('name'));
  const input: CheckInput = { name, options: model.get('options'), saved: true };
  setImmediate(() => {
    checkInput(ctx, input)
      .then((lines) => logFailures(ctx, name, lines))
      .catch((error) => ctx.app.logger?.warn?.(`WeCom setup check of "${name}" could not run: ${error?.message}`));
  });
}

function logFailures(ctx: Context, name: string, lines: CheckLine[]) {
  const failed = lines.filter((line) => line.status === 'fail');
  if (!failed.length) {
    return;
  }
  const text = failed
    .map((line) => `${line.check}: ${translate(ctx, 'en-US', MSG[line.message ?? 'failed'], line.params)}`)
    .join(' | ');
  ctx.app.logger.warn(`WeCom setup check of authenticator "${name}" found ${failed.length} problem(s): ${text}`, {
    method: 'wecom',
    authenticator: name,
  });
}
