/**
 * v1: the "WeCom account" entry of the user center (the v1 admin's profile menu, made of settings items). It opens
 * a dialog with one panel per enabled WeCom authenticator (linked or not, the WeCom name, Link / Unlink); it is
 * hidden once the list says there is none. It shows before the list arrives: NocoBase's menu drops an item that
 * renders nothing when the menu first opens. The v2 user center has a flow model instead
 * (client-v2/WecomUserCenterItemModel.tsx) with the same panels.
 */
import { SchemaSettingsItem } from '@nocobase/client';
import { Modal } from 'antd';
import React, { useEffect, useState } from 'react';
import type { ApiClientLike } from '../client-common/api';
import { useWecomTranslation } from '../client-common/locale';
import { fetchWecomAuthenticators, type WecomAuthenticatorRef } from '../client-common/linking/user-link-api';
import { WecomAccounts } from '../client-common/linking/WecomAccounts';

export function WecomUserCenterItem({ api }: { api: ApiClientLike }) {
  const { t } = useWecomTranslation();
  const [open, setOpen] = useState(false);
  /** `null` until the server answered. */
  const [authenticators, setAuthenticators] = useState<WecomAuthenticatorRef[] | null>(null);

  useEffect(() => {
    fetchWecomAuthenticators(api)
      .then(setAuthenticators)
      .catch(() => setAuthenticators([]));
  }, [api]);

  if (authenticators?.length === 0) return null;
  return (
    <>
      <SchemaSettingsItem eventKey="wecomAccount" title="wecomAccount">
        <div
          onClick={(event) => {
            event.stopPropagation();
            setOpen(true);
          }}
        >
          {t('WeCom account')}
        </div>
      </SchemaSettingsItem>
      <Modal open={open} title={t('WeCom account')} footer={null} destroyOnClose onCancel={() => setOpen(false)}>
        <div onClick={(event) => event.stopPropagation()}>
          <WecomAccounts api={api} authenticators={authenticators ?? []} />
        </div>
      </Modal>
    </>
  );
}
