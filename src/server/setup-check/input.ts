/**
 * What "Check setup" checks: the admin form's values (saved or not) turned into the settings a sign-in would
 * use, and what this site expects WeCom to hold (its host, its workbench link). The Secret of a saved
 * authenticator is taken from the database when the form sends none, so it never has to travel to a browser.
 */
import type { Context } from '@nocobase/actions';
import { ACTION_WORKBENCH, AUTH_TYPE, DEFAULTS } from '../../constants';
import { readSettings, renderVariables, StoredOptions, WecomSettings } from '../settings';
import { checkSetup, CheckLine, settingsFailure } from './check';
import { actionUrl, siteAddress } from '../web/site';
import { wecomRuntime } from '../wecom/app-runtime';

export interface CheckInput {
  /** The authenticator's name (Auth UID): the saved record to take the Secret from, and the workbench link. */
  name?: string;
  /** The form's `options` (`{ public, wecom }`), as typed. */
  options?: unknown;
}

/** Runs every check for `input`, answering one line per check (never throws for a setup mistake). */
export async function checkInput(ctx: Context, input: CheckInput): Promise<CheckLine[]> {
  let settings: WecomSettings;
  let domain: string;
  let workbenchLink: string | undefined;
  try {
    settings = readSettings(await optionsToCheck(ctx, input));
    const site = await siteAddress(ctx, settings.origin);
    domain = new URL(site.origin).host; // URL drops a default port, as the redirect_uri the plugin sends does
    workbenchLink = input.name ? actionUrl(ctx, site, ACTION_WORKBENCH, { authenticator: input.name }) : undefined;
  } catch (error) {
    return settingsFailure(error);
  }
  return checkSetup(settings.config, wecomRuntime(ctx.app), { domain, workbenchLink });
}

/**
 * The form's options with the saved Secret filled in when the form has none, then with NocoBase's variables
 * (`{{$env.NAME}}`) resolved as NocoBase resolves them for every authenticator (plugin-auth renders the
 * options through `app.environment`). A variable that does not exist leaves its field empty: "not set up".
 */
export async function optionsToCheck(ctx: Context, input: CheckInput): Promise<StoredOptions> {
  const options: StoredOptions = JSON.parse(JSON.stringify(input.options ?? {}));
  const wecom = (options.wecom = options.wecom && typeof options.wecom === 'object' ? options.wecom : {});
  if (!text(wecom.secret) && input.name) {
    const saved = await ctx.db.getRepository('authenticators').findOne({ filter: { name: input.name } });
    const savedOptions: StoredOptions | undefined = saved?.get('authType') === AUTH_TYPE ? saved.get('options') : {};
    const savedWecom = savedOptions?.wecom ?? {};
    // Only towards the same WeCom (and the same way out) the saved Secret was meant for.
    if (sameDestination(wecom, savedWecom)) {
      wecom.secret = savedWecom.secret;
    }
  }
  return renderVariables(ctx.app, options);
}

type WecomFields = Record<string, unknown>;

function sameDestination(form: WecomFields, saved: WecomFields): boolean {
  const api = (value: WecomFields) => (text(value.apiBaseUrl) || DEFAULTS.apiBaseUrl).replace(/\/+$/, '');
  return api(form) === api(saved) && text(form.proxy) === text(saved.proxy);
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).trim();
}
