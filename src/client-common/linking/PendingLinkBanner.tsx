/**
 * The sign-in page after a WeCom sign-in that found no user: "Sign in with your NocoBase account to link WeCom
 * (<name>)", with a Cancel. The name is the server's (`wecom:pendingLink`), never the URL's. While it shows, this
 * page's sign-ins carry the link's id (link-prompt.ts): only such a sign-in leads to the confirmation. Tells its
 * parent whether a link is pending, so the parent shows the callback's reason only when there is none.
 */
import { Alert, Button } from 'antd';
import React, { useEffect, useState } from 'react';
import { MSG } from '../../messages';
import type { ApiClientLike } from '../api';
import { cancelPendingLink, fetchPendingLink, type PendingLink } from './link-api';
import { carryLinkPrompt } from './link-prompt';
import { useWecomTranslation } from '../locale';

export interface PendingLinkBannerProps {
  authenticator: string;
  api: ApiClientLike;
  /** Called once the server answered: true while a link is pending, false when none is (or after Cancel). */
  onPending?: (pending: boolean) => void;
}

export function PendingLinkBanner({ authenticator, api, onPending }: PendingLinkBannerProps) {
  const { t } = useWecomTranslation();
  const [link, setLink] = useState<PendingLink | null>(null);
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    let alive = true;
    fetchPendingLink(api, authenticator)
      .then((found) => {
        if (!alive) return;
        setLink(found);
        onPending?.(found !== null);
      })
      .catch(() => {
        if (alive) onPending?.(false);
      });
    return () => {
      alive = false;
    };
    // Asked once per page: the pending link does not change while the page shows it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, authenticator]);

  // Shown → this page's sign-ins carry the prompt; hidden (Cancel, unmounted) → they no longer do.
  useEffect(() => (link ? carryLinkPrompt(api, link.id) : undefined), [api, link]);

  if (link === null) return null;

  const cancel = async () => {
    setCancelling(true);
    try {
      await cancelPendingLink(api);
    } finally {
      setCancelling(false);
      setLink(null);
      onPending?.(false);
    }
  };

  return (
    <Alert
      type="info"
      showIcon
      message={t(MSG.linkPending, { name: link.name, interpolation: { escapeValue: false, skipOnVariables: true } })}
      description={t('After you sign in, you will be asked to confirm the link.')}
      action={
        <Button size="small" loading={cancelling} onClick={() => void cancel()}>
          {t('Cancel')}
        </Button>
      }
    />
  );
}
