/**
 * After a sign-in on the page that showed the pending link (v1 and v2): the signed-in user is asked, by name,
 * whether this WeCom member is theirs. It names both sides (the WeCom name and userid, the NocoBase nickname and
 * username, a warning line for an account with administrator rights); "Not me" is as easy as "Link to my account"
 * and is what Esc or closing would mean, so nothing binds without the click. What it shows and what it may do are
 * the server's (wecom:linkConfirmation, wecom:confirmLink, wecom:cancelLink).
 */
import { Alert, Button, Space, Spin, Typography } from 'antd';
import React, { useEffect, useState } from 'react';
import { MSG } from '../../messages';
import { serverMessageOf, type ApiClientLike } from '../api';
import { useWecomTranslation } from '../locale';
import {
  cancelPendingLink,
  confirmPendingLink,
  fetchLinkConfirmation,
  type LinkConfirmation as Confirmation,
  type LinkSession,
} from './link-api';

/** How the confirmation ended: linked (with the member's name), declined ("Not me"), or nothing to confirm. */
export type LinkDecision = { result: 'linked'; name: string } | { result: 'declined' } | { result: 'none' };

export interface LinkConfirmationProps {
  api: ApiClientLike;
  /** The session the sign-in began (the page may not have stored its token yet); else the page's own. */
  session?: LinkSession;
  onDone(decision: LinkDecision): void;
}

const noEscape = { interpolation: { escapeValue: false, skipOnVariables: true } };

export function LinkConfirmation({ api, session, onDone }: LinkConfirmationProps) {
  const { t } = useWecomTranslation();
  const [asked, setAsked] = useState<Confirmation | null | undefined>(undefined);
  const [busy, setBusy] = useState<'confirm' | 'decline' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchLinkConfirmation(api, session).then(setAsked, () => setAsked(null));
  }, [api, session]);

  const confirm = async () => {
    if (!asked) return;
    setBusy('confirm');
    try {
      await confirmPendingLink(api, asked.id, session);
      onDone({ result: 'linked', name: asked.member.name });
    } catch (err) {
      setError(serverMessageOf(err) ?? t(MSG.failed));
      setBusy(null);
    }
  };

  const decline = async () => {
    setBusy('decline');
    await cancelPendingLink(api).catch(() => undefined);
    onDone({ result: 'declined' });
  };

  const title = <Typography.Title level={5}>{t('Link WeCom to your account?')}</Typography.Title>;
  if (asked === undefined) return <Spin />;
  if (asked === null || error) {
    return (
      <Space direction="vertical" style={{ display: 'flex' }}>
        {title}
        <Alert type="warning" showIcon message={error ?? t(MSG.linkExpired)} />
        <Button block onClick={() => onDone({ result: 'none' })}>
          {t('Close')}
        </Button>
      </Space>
    );
  }
  const { member, account } = asked;
  const accountName = [account.nickname, account.username && `(${account.username})`].filter(Boolean).join(' ');
  return (
    <Space direction="vertical" style={{ display: 'flex' }} data-testid="wecom-link-confirmation">
      {title}
      <Typography.Text>
        {t('WeCom account')}: <Typography.Text strong>{`${member.name} (${member.userid})`}</Typography.Text>
      </Typography.Text>
      <Typography.Text>
        {t('Your NocoBase account')}: <Typography.Text strong>{accountName}</Typography.Text>
      </Typography.Text>
      <Typography.Paragraph type="secondary">
        {t(
          'Once linked, {{name}} signs in to your account with WeCom. If this WeCom account is not yours, choose "Not me": nothing is linked.',
          { name: member.name, ...noEscape },
        )}
      </Typography.Paragraph>
      {asked.privileged ? (
        <Alert
          type="warning"
          showIcon
          message={t('Your account has administrator rights: whoever signs in with this WeCom account gets them.')}
        />
      ) : null}
      <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button size="large" loading={busy === 'decline'} disabled={busy !== null} onClick={() => void decline()}>
          {t('Not me')}
        </Button>
        <Button
          size="large"
          type="primary"
          loading={busy === 'confirm'}
          disabled={busy !== null}
          onClick={() => void confirm()}
        >
          {t('Link to my account')}
        </Button>
      </Space>
    </Space>
  );
}
