/**
 * "Sign in with WeCom" under the sign-in form, one per enabled WeCom authenticator. It asks the server
 * for the WeCom URL and sends the browser there; inside the WeCom browser with autoLogin on it does
 * so by itself, once. A callback error in the URL (`?authenticator=&error=<message id>`) is shown above it,
 * as this plugin's own text for that id (see callback-error.ts).
 */
import { Alert, Button, Space } from 'antd';
import React, { useCallback, useEffect, useState } from 'react';
import { type ApiClientLike, fetchAuthUrl, serverMessageOf } from '../api';
import { claimAutoSignIn, sessionStorageOrUndefined } from './auto-sign-in';
import { callbackErrorFor, callbackErrorText } from '../callback-error';
import { linkPendingIn } from '../linking/link-api';
import { useWecomTranslation } from '../locale';
import { PendingLinkBanner } from '../linking/PendingLinkBanner';
import { readSignInQuery } from './sign-in-query';
import { WecomIcon } from './WecomIcon';
import type { Navigation } from '../navigation';

/** The fields of NocoBase's public authenticator record that the button reads. */
export interface PublicAuthenticator {
  name: string;
  title?: string;
  options?: { autoLogin?: boolean; [key: string]: unknown };
}

export interface WecomSignInButtonProps {
  authenticator: PublicAuthenticator;
  api: ApiClientLike;
  navigation?: Navigation;
  /**
   * The page to return to when the sign-in page has no `?redirect=`. The v2 client sets its admin root
   * (`/v/admin`), so the server lands the member in the v2 shell and sends failures to its sign-in page.
   */
  defaultRedirect?: string;
}

export function WecomSignInButton({ authenticator, api, navigation, defaultRedirect }: WecomSignInButtonProps) {
  const { t } = useWecomTranslation();
  const [error, setError] = useState<string | null>(() => {
    const callbackError = callbackErrorFor(window.location.search, authenticator.name);
    return callbackError ? callbackErrorText(callbackError, t) : null;
  });
  const [loading, setLoading] = useState(false);
  // After a WeCom sign-in that found no user: the banner replaces the reason while the link is pending.
  const [linkCheck] = useState(() => linkPendingIn(window.location.search, authenticator.name));
  const [linkPending, setLinkPending] = useState<boolean | null>(linkCheck ? null : false);

  const start = useCallback(
    async (how: keyof Navigation) => {
      setError(null);
      setLoading(true);
      try {
        const redirect = readSignInQuery(window.location.search).redirect ?? defaultRedirect;
        const url = await fetchAuthUrl(api, authenticator.name, redirect);
        (navigation ?? window.location)[how](url); // stays "loading" while the browser leaves
      } catch (err) {
        setError(serverMessageOf(err) ?? t('WeCom sign-in failed. Please try again.'));
        setLoading(false);
      }
    },
    [api, authenticator.name, defaultRedirect, navigation, t],
  );

  useEffect(() => {
    const shouldStart = claimAutoSignIn({
      userAgent: window.navigator.userAgent,
      autoLogin: authenticator.options?.autoLogin === true,
      query: readSignInQuery(window.location.search),
      storage: sessionStorageOrUndefined(),
    });
    if (shouldStart) void start('replace');
    // Once per mount by design: the claim itself makes it once per browser session.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Space direction="vertical" style={{ display: 'flex' }}>
      {linkCheck ? <PendingLinkBanner authenticator={authenticator.name} api={api} onPending={setLinkPending} /> : null}
      {error && linkPending === false ? <Alert type="error" showIcon message={error} /> : null}
      <Button block icon={<WecomIcon />} loading={loading} onClick={() => void start('assign')}>
        {authenticator.title || t('Sign in with WeCom')}
      </Button>
    </Space>
  );
}
