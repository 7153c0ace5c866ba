/**
 * One WeCom authenticator in the user center: linked or not, with the WeCom name and when and how the link was
 * made; "Link" runs the WeCom flow in link mode (the browser comes back to this page), "Unlink" removes the binding
 * after a confirmation.
 */
import { Alert, Button, Popconfirm, Space, Typography } from 'antd';
import React, { useCallback, useEffect, useState } from 'react';
import { serverMessageOf, type ApiClientLike } from '../api';
import { useWecomTranslation } from '../locale';
import { howLinked } from './linked-by';
import { fetchLinkUrl, fetchMyLink, type MyLink, unlinkMine, type WecomAuthenticatorRef } from './user-link-api';
import type { Navigation } from '../navigation';

export interface WecomAccountPanelProps {
  api: ApiClientLike;
  authenticator: WecomAuthenticatorRef;
  navigation?: Navigation;
}

const noEscape = { interpolation: { escapeValue: false, skipOnVariables: true } };

export function WecomAccountPanel({ api, authenticator, navigation }: WecomAccountPanelProps) {
  const { t } = useWecomTranslation();
  const [link, setLink] = useState<MyLink | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ type: 'success' | 'error'; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setLink(await fetchMyLink(api, authenticator.name));
    } catch (error) {
      setNotice({ type: 'error', text: serverMessageOf(error) ?? t('WeCom sign-in failed. Please try again.') });
    }
  }, [api, authenticator.name, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const startLink = async () => {
    setBusy(true);
    try {
      const here = `${window.location.pathname}${window.location.search}`;
      (navigation ?? window.location).assign(await fetchLinkUrl(api, authenticator.name, here));
    } catch (error) {
      setNotice({ type: 'error', text: serverMessageOf(error) ?? t('WeCom sign-in failed. Please try again.') });
      setBusy(false);
    }
  };

  const unlink = async () => {
    setBusy(true);
    try {
      await unlinkMine(api, authenticator.name);
      setNotice({
        type: 'success',
        text: t('WeCom ({{name}}) is no longer linked to your account.', { name: link?.name, ...noEscape }),
      });
      setLink({ linked: false });
    } catch (error) {
      setNotice({ type: 'error', text: serverMessageOf(error) ?? t('WeCom sign-in failed. Please try again.') });
    } finally {
      setBusy(false);
    }
  };

  const title = authenticator.title || t('WeCom');
  return (
    <Space direction="vertical" style={{ display: 'flex' }}>
      <Typography.Text strong>{title}</Typography.Text>
      {link === null ? null : link.linked ? (
        <Space wrap>
          <Typography.Text>
            {t('Linked to WeCom ({{name}})', { name: link.name ?? link.userid, ...noEscape })}
          </Typography.Text>
          {link.linkedAt ? (
            <Typography.Text type="secondary" data-testid="wecom-linked-how">
              {t('Linked on {{date}} ({{how}})', {
                date: new Date(link.linkedAt).toLocaleString(),
                how: howLinked(t, link.linkedBy),
                ...noEscape,
              })}
            </Typography.Text>
          ) : null}
          <Popconfirm
            title={t('Unlink WeCom from your account?')}
            description={t('You will no longer be able to sign in with this WeCom account until you link it again.')}
            okText={t('Unlink')}
            cancelText={t('Cancel')}
            onConfirm={() => void unlink()}
          >
            <Button danger loading={busy}>
              {t('Unlink')}
            </Button>
          </Popconfirm>
        </Space>
      ) : (
        <Space wrap>
          <Typography.Text type="secondary">{t('Not linked to WeCom')}</Typography.Text>
          <Button type="primary" loading={busy} onClick={() => void startLink()}>
            {t('Link')}
          </Button>
        </Space>
      )}
      {notice ? <Alert type={notice.type} showIcon message={notice.text} /> : null}
    </Space>
  );
}
