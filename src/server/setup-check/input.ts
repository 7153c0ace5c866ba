/**
 * What "Check setup" checks: the admin form's values (saved or not) turned into the settings a sign-in would
 * use, and what this site expects WeCom to hold (its host, its workbench link). The Secret of a saved
 * authenticator is taken from the database when the form sends none: it is write-only, never in a browser.
 */
import type { Context } from '@nocobase/actions';
import { ACTION_WORKBENCH, AUTH_TYPE } from '../../constants';
import { mentionsEnvReference } from '../../option-text';
import { MSG, SignInError } from '../failures';
import { AUTHENTICATOR_SECRETS, destination, keepStored, NotKeptError } from '../secrets/values';
import { readSettings, renderVariables, StoredOptions, WecomSettings } from '../settings';
import { checkSetup, CheckLine, settingsFailure } from './check';
import { actionUrl, siteAddress } from '../web/site';
import { wecomRuntime } from '../wecom/app-runtime';

export interface CheckInput {
  /** The authenticator's name (Auth UID): the saved record to take the Secret from, and the workbench link. */
  name?: string;
  /** The record's id when the form edits a saved authenticator: only then do its saved secrets count. */
  id?: unknown;
  /** The form's `options` (`{ public, wecom }`), as typed. */
  options?: unknown;
  /** Set by the server only (the check after a save): `options` are the saved ones, used as they are. */
  saved?: boolean;
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
 * The form's options as a sign-in would use them once saved: the write-only values it left empty (the Secret, a
 * proxy password shown as `********`) taken from the saved authenticator, and NocoBase's variables (`{{$env.NAME}}`)
 * resolved as plugin-auth resolves them for every authenticator. Only the saved authenticator's own form (its id
 * and name) gets them, and only while it points at the saved API base URL and proxy: a stored Secret or a
 * variable's value is never sent anywhere else. A variable that does not exist
 * leaves its field empty: "not set up".
 */
export async function optionsToCheck(ctx: Context, input: CheckInput): Promise<StoredOptions> {
  if (input.saved) {
    return renderVariables(ctx.app, (input.options ?? {}) as StoredOptions);
  }
  const form = (JSON.parse(JSON.stringify(input.options ?? {})) || {}) as StoredOptions;
  const saved = await savedForm(ctx, input);
  const savedWecom = saved?.wecom ?? {};
  let options: StoredOptions;
  try {
    options = keepStored(AUTHENTICATOR_SECRETS, form, saved);
  } catch (error) {
    if (!(error instanceof NotKeptError)) throw error;
    throw new SignInError(error.setting === 'secret' ? MSG.secretNotKept : MSG.proxyPasswordNotKept, {}, 400);
  }
  const towardsSaved = Boolean(saved) && destination(options.wecom ?? {}) === destination(savedWecom);
  if (!towardsSaved && mentionsEnvReference(options)) {
    throw new SignInError(MSG.variablesNeedSave, {}, 400);
  }
  return renderVariables(ctx.app, options);
}

/** The saved options of the WeCom authenticator this form edits (its id and its name), if it is one. */
async function savedForm(ctx: Context, input: CheckInput): Promise<StoredOptions | undefined> {
  if (!input.name || input.id === undefined || input.id === null) {
    return undefined;
  }
  const saved = await ctx.db.getRepository('authenticators').findOne({ filter: { name: input.name } });
  if (saved?.get('authType') !== AUTH_TYPE || String(saved.get('id')) !== String(input.id)) {
    return undefined;
  }
  return saved.get('options') ?? {};
}
