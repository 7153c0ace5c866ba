/** The answer of Preview, as the modal shows it: a line per kind of change, with its count and a few names. */
import { Alert, Typography } from 'antd';
import React from 'react';
import type { MatchKey } from '../../constants';
import { UNBOUND_REASONS } from '../../messages';
import type { PreviewGroup, SyncPreview } from '../../sync-preview';
import type { Translate } from '../locale';

export type SyncPreviewAnswer = SyncPreview;

/** Which key found the user (the authenticator's "Match existing users by"). */
export const BY_KEY: Record<MatchKey, string> = {
  mobile: 'by mobile: {{count}}',
  email: 'by email: {{count}}',
  username: 'by userid as username: {{count}}',
};

export function SyncPreviewReport({ answer, t }: { answer: SyncPreviewAnswer; t: Translate }) {
  const byKey = (Object.entries(answer.linked.byKey) as [MatchKey, number][])
    .map(([key, count]) => t(BY_KEY[key], { count }))
    .join(', ');
  const departments = answer.departmentChanges;
  return (
    <div aria-label={t('Preview of the next sync')}>
      {answer.stop && <Alert type="warning" showIcon message={answer.stop} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph>
        {t('WeCom lists {{members}} members in {{departments}} departments. Nothing has been written.', {
          members: answer.members,
          departments: answer.departments,
        })}
      </Typography.Paragraph>
      <ul style={{ paddingLeft: 20 }}>
        <Line label={t('Already bound (kept in step)')} count={answer.bound} />
        <Line label={t('To link to existing users')} group={answer.linked} detail={byKey} />
        <Line label={t('To create as new users')} group={answer.created} />
        {answer.unbound.map((entry) => (
          <Line
            key={entry.reason}
            label={t('To leave unbound: {{reason}}', { reason: t(UNBOUND_REASONS[entry.reason]) })}
            group={entry}
          />
        ))}
        <Line label={t('Leavers to unbind (their users are kept)')} group={answer.leavers.unbind} />
        <Line label={t('Leavers to unbind and delete')} group={answer.leavers.remove} />
        <Line label={t('Leavers bound to root (kept)')} group={answer.leavers.rootKept} />
        {departments && (
          <>
            <Line label={t('Departments to create')} group={departments.created} />
            <Line label={t('Departments to move')} group={departments.moved} />
            <Line label={t('Departments to rename or reorder')} group={departments.updated} />
            <Line label={t('Departments to delete')} group={departments.deleted} />
          </>
        )}
      </ul>
    </div>
  );
}

/** "Label: count" and the sample of names; a kind with none is left out. */
function Line({
  label,
  count,
  group,
  detail,
}: {
  label: string;
  count?: number;
  group?: PreviewGroup;
  detail?: string;
}) {
  const total = group ? group.count : (count ?? 0);
  if (!total) return null;
  const more = group && group.count > group.sample.length ? ', …' : '';
  return (
    <li data-preview-line>
      <Typography.Text strong>
        {label}: {total}
      </Typography.Text>
      {detail ? <Typography.Text type="secondary"> ({detail})</Typography.Text> : null}
      {group?.sample.length ? (
        <div>
          <Typography.Text type="secondary">
            {group.sample.join(', ')}
            {more}
          </Typography.Text>
        </div>
      ) : null}
    </li>
  );
}
