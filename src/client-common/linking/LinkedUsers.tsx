/**
 * "Linked users" in the admin form of a saved WeCom authenticator (v1 and v2): a button that opens the list of
 * the NocoBase users bound to a WeCom member by this authenticator (who, when, how), each with "Unlink".
 * The server allows both actions only to roles that may manage authenticators.
 */
import { Alert, Button, Empty, Modal, Popconfirm, Spin } from 'antd';
import React, { useCallback, useState } from 'react';
import { ACTION_LINKED_USERS, ACTION_UNLINK_USER, RESOURCE } from '../../constants';
import type { LinkedUser } from '../../linked-user';
import { type ApiClientLike, serverMessageOf } from '../api';
import { useWecomTranslation } from '../locale';
import { howLinked } from './linked-by';

export interface LinkedUsersProps {
  api?: ApiClientLike;
  /** The saved authenticator's name; nothing is shown before the authenticator is saved. */
  name?: string;
}

const CELL: React.CSSProperties = { textAlign: 'left', padding: '6px 8px', borderBottom: '1px solid #f0f0f0' };

export function LinkedUsers({ api, name }: LinkedUsersProps) {
  const { t } = useWecomTranslation();
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<LinkedUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (!api || !name) return;
    setBusy(true);
    setError(null);
    try {
      const response = await api.request({
        url: `${RESOURCE}:${ACTION_LINKED_USERS}`,
        method: 'get',
        params: { authenticator: name },
        skipNotify: true,
      });
      const users = response?.data?.data?.users;
      setRows(Array.isArray(users) ? users : []);
    } catch (err) {
      setError(serverMessageOf(err) ?? t('The linked users could not be loaded.'));
    } finally {
      setBusy(false);
    }
  }, [api, name, t]);

  const unlink = async (userId: number) => {
    if (!api || !name) return;
    setBusy(true);
    try {
      await api.request({
        url: `${RESOURCE}:${ACTION_UNLINK_USER}`,
        method: 'post',
        data: { authenticator: name, userId },
        skipNotify: true,
      });
      setRows((current) => (current ?? []).filter((row) => row.userId !== userId));
    } catch (err) {
      setError(serverMessageOf(err) ?? t('The linked users could not be loaded.'));
    } finally {
      setBusy(false);
    }
  };

  if (!name) return null;
  return (
    <div style={{ marginBottom: 24 }}>
      <Button
        disabled={!api}
        onClick={() => {
          setOpen(true);
          void load();
        }}
      >
        {t('Linked users')}
      </Button>
      <Modal open={open} title={t('Linked users')} footer={null} width={900} onCancel={() => setOpen(false)}>
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
        {busy && rows === null ? <Spin /> : null}
        {rows && !rows.length ? <Empty description={t('No linked users yet')} /> : null}
        {rows?.length ? (
          // A plain table: antd's Table measures with CSS selectors jsdom cannot parse.
          <table style={{ width: '100%', borderCollapse: 'collapse' }}>
            <thead>
              <tr>
                {[t('User'), t('WeCom userid'), t('WeCom name'), t('Linked at'), t('How'), ''].map((title, i) => (
                  <th key={i} style={CELL}>
                    {title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.userId}>
                  <td style={CELL}>{row.nickname || row.username || `#${row.userId}`}</td>
                  <td style={CELL}>{row.userid}</td>
                  <td style={CELL}>{row.name}</td>
                  <td style={CELL}>{row.linkedAt ? new Date(row.linkedAt).toLocaleString() : '—'}</td>
                  <td style={CELL}>
                    {howLinked(t, row.linkedBy)}
                    {row.stale ? ` (${t('another Corp ID')})` : ''}
                  </td>
                  <td style={CELL}>
                    <Popconfirm
                      title={t('Unlink this user from WeCom?')}
                      okText={t('Unlink')}
                      cancelText={t('Cancel')}
                      onConfirm={() => void unlink(row.userId)}
                    >
                      <Button danger size="small" disabled={busy} data-testid={`wecom-unlink-${row.userId}`}>
                        {t('Unlink')}
                      </Button>
                    </Popconfirm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Modal>
    </div>
  );
}
