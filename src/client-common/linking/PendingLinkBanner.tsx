/**
 * The sign-in page after a WeCom sign-in that found no user: "Sign in with your NocoBase account to link WeCom
 * (<name>)", with a Cancel. The name is the server's (`wecom:pendingLink`), never the URL's. Tells its parent
 * whether a link is pending, so the parent shows the callback's reason only when there is none.
 */
import { Alert, Button } from 'antd';
import React, { useEffect, useState } from 'react';
import { MSG } from '../../messages';
import type { ApiClientLike } from '../api';
import { cancelPendingLink, fetchPendingLink } from './link-api';
import { useWecomTranslation } from '../locale';

export interface PendingLinkBannerProps {
  authenticator: string;
  api: ApiClientLike;
  /** Called once the server answered: true while a link is pending, false when none is (or after Cancel). */
  onPending?: (pending: boolean) => void;
}

export function PendingLinkBanner({ authenticator, api, onPending }: PendingLinkBannerProps) {
  const { t } = useWecomTranslation();
  const [name, setName] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    let alive = true;
    fetchPendingLink(api, authenticator)
      .then((found) => {
        if (!alive) return;
        setName(found);
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

  if (name === null) return null;

  const cancel = async () => {
    setCancelling(true);
    try {
      await cancelPendingLink(api);
    } finally {
      setCancelling(false);
      setName(null);
      onPending?.(false);
    }
  };

  return (
    <Alert
      type="info"
      showIcon
      message={t(MSG.linkPending, { name, interpolation: { escapeValue: false, skipOnVariables: true } })}
      action={
        <Button size="small" loading={cancelling} onClick={() => void cancel()}>
          {t('Cancel')}
        </Button>
      }
    />
  );
}
