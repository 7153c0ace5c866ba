/**
 * Preview in a WeCom sync source's form (v1 and v2): asks the server what a sync of the saved source would do now
 * (`wecom:previewSync`, which reads WeCom in full and writes nothing) and shows the answer in a modal.
 */
import { Alert, Button, Modal, Typography } from 'antd';
import React, { useState } from 'react';
import { ACTION_PREVIEW_SYNC, RESOURCE } from '../../constants';
import { type ApiClientLike, serverMessageOf } from '../api';
import { useWecomTranslation } from '../locale';
import { type SyncPreviewAnswer, SyncPreviewReport } from './SyncPreviewReport';

export interface SyncPreviewProps {
  api?: ApiClientLike;
  /** The source's name: the saved source of that name is previewed. */
  name: string | undefined;
}

export function SyncPreview({ api, name }: SyncPreviewProps) {
  const { t } = useWecomTranslation();
  const [answer, setAnswer] = useState<SyncPreviewAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const run = async () => {
    if (!api || !name) return;
    setLoading(true);
    setError(null);
    try {
      const response = await api.request({
        url: `${RESOURCE}:${ACTION_PREVIEW_SYNC}`,
        method: 'post',
        data: { name },
        skipNotify: true,
      });
      const data = response?.data?.data;
      if (!data || typeof data.members !== 'number') throw new Error('no preview');
      setAnswer(data);
    } catch (err) {
      setError(serverMessageOf(err) ?? t('Preview could not run. Please try again.'));
    } finally {
      setLoading(false);
    }
  };

  return (
    <div style={{ marginBottom: 24 }} data-testid="wecom-sync-preview">
      <Button onClick={run} loading={loading} disabled={!api || !name}>
        {t('Preview')}
      </Button>
      <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
        {t('Shows what a sync of the saved settings would do now, without writing anything.')}
      </Typography.Text>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
      <Modal
        open={Boolean(answer)}
        title={t('Preview of the next sync')}
        footer={null}
        width={640}
        onCancel={() => setAnswer(null)}
      >
        {answer && <SyncPreviewReport answer={answer} t={t} />}
      </Modal>
    </div>
  );
}
