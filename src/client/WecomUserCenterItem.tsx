/**
 * v1: the "WeCom account" entry of a user center built from settings items (the v1 shell before NocoBase 2.2; from
 * 2.2 on, the admin's user center is made of flow models and shows shared/WecomUserCenterItemModel instead). It opens
 * a dialog with one panel per enabled WeCom authenticator (linked or not, the WeCom name, Link / Unlink); it is
 * hidden when there is none.
 */
import { SchemaSettingsItem } from '@nocobase/client';
import { Modal } from 'antd';
import React, { useEffect, useState } from 'react';
import type { ApiClientLike } from './shared/api';
import { useWecomTranslation } from './shared/locale';
import { fetchWecomAuthenticators, type WecomAuthenticatorRef } from './shared/user-link-api';
import { WecomAccounts } from './shared/WecomAccounts';

export function WecomUserCenterItem({ api }: { api: ApiClientLike }) {
  const { t } = useWecomTranslation();
  const [open, setOpen] = useState(false);
  const [authenticators, setAuthenticators] = useState<WecomAuthenticatorRef[]>([]);

  useEffect(() => {
    fetchWecomAuthenticators(api)
      .then(setAuthenticators)
      .catch(() => setAuthenticators([]));
  }, [api]);

  if (!authenticators.length) return null;
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
          <WecomAccounts api={api} authenticators={authenticators} />
        </div>
      </Modal>
    </>
  );
}
