import { WecomConfig } from './types';

/**
 * In-client authorization (inside the WeCom browser) [96441]. `snsapi_privateinfo` (sign-in) asks for the private
 * info, so the mobile comes back; `snsapi_base` (a message's link) is silent and tells the userid only.
 */
export function inClientAuthorizeUrl(
  config: WecomConfig,
  redirectUri: string,
  state: string,
  scope: 'snsapi_privateinfo' | 'snsapi_base' = 'snsapi_privateinfo',
): string {
  const url = new URL('/connect/oauth2/authorize', config.oauthBaseUrl);
  url.search = new URLSearchParams({
    appid: config.corpId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope,
    state,
    agentid: config.agentId,
  }).toString();
  url.hash = 'wechat_redirect';
  return url.toString();
}

/** Web / QR-code login (any other browser): identity only, never a mobile. */
export function qrLoginUrl(config: WecomConfig, redirectUri: string, state: string, lang: 'zh' | 'en'): string {
  const url = new URL('/wwlogin/sso/login', config.ssoBaseUrl);
  url.search = new URLSearchParams({
    login_type: 'CorpApp',
    appid: config.corpId,
    agentid: config.agentId,
    redirect_uri: redirectUri,
    state,
    lang,
  }).toString();
  return url.toString();
}
