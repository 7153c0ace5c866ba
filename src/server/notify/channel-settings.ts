import type Application from '@nocobase/server';
import { AUTH_TYPE } from '../../constants';
import { MSG, SignInError } from '../failures';
import { readSettings, WecomSettings } from '../settings';

/**
 * A WeCom channel's options (`notificationChannels.options`): which WeCom authenticator sends (its Corp ID,
 * AgentId, Secret, proxy and token cache are used; nothing secret is stored on the channel), and the site's public
 * address for the card's link when that authenticator has no Origin.
 */
export interface ChannelOptions {
  authenticator?: string;
  origin?: string;
}

export interface ChannelSettings {
  authenticator: string;
  settings: WecomSettings;
  /** `scheme://host[:port]` of this site as members reach it, or undefined when neither setting says. */
  origin?: string;
}

/** The enabled WeCom authenticator the channel names, with its settings (`{{$env.NAME}}` resolved as NocoBase does). */
export async function readChannelSettings(app: Application, options: unknown): Promise<ChannelSettings> {
  const { authenticator, origin } = (options && typeof options === 'object' ? options : {}) as ChannelOptions;
  const name = typeof authenticator === 'string' ? authenticator.trim() : '';
  const record = name
    ? await app.db.getRepository('authenticators').findOne({ filter: { name, authType: AUTH_TYPE, enabled: true } })
    : null;
  if (!record) {
    throw new SignInError(MSG.unknownAuthenticator, { name }, 400);
  }
  const environment = app.environment as { renderJsonTemplate?: <T>(value: T) => T } | undefined;
  const stored = record.get('options') || {};
  const settings = readSettings(environment?.renderJsonTemplate ? environment.renderJsonTemplate(stored) : stored);
  return { authenticator: name, settings, origin: settings.origin ?? originOf(origin) };
}

/** The origin of an http(s) address; the setting is refused (never guessed) when it is anything else. */
function originOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) {
    return undefined;
  }
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return url.origin;
    }
  } catch {
    // The refusal below.
  }
  throw new SignInError(MSG.badUrl, { field: 'origin' }, 400);
}
