/**
 * "Check setup" in the admin form (v1 and v2): posts the form's values to `wecom:checkSetup` and shows one line
 * per check, ✓ or ✗, each ✗ with what to change in WeCom's console (the shared message table, localized here).
 * A saved Secret is not needed in the form: the server uses the saved one and never sends it back.
 */
import { Alert, Button, Typography } from 'antd';
import React, { useState } from 'react';
import { ACTION_CHECK_SETUP, RESOURCE } from '../../constants';
import { MSG, type MessageId, REQUIRED_FIELD_LABELS } from '../../messages';
import { type ApiClientLike, serverMessageOf } from '../api';
import { type Translate, useWecomTranslation } from '../locale';

/** One line of the server's answer (src/server/setup-check.ts). */
export interface CheckLine {
  check: string;
  status: 'ok' | 'fail' | 'skipped';
  message?: string;
  params?: Record<string, string | number>;
}

export interface CheckSetupProps {
  api?: ApiClientLike;
  /** The form's current values: the authenticator's name and its `options`. */
  getValues: () => { id?: unknown; name?: string; options?: unknown };
}

export function CheckSetup({ api, getValues }: CheckSetupProps) {
  const { t } = useWecomTranslation();
  const [lines, setLines] = useState<CheckLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const run = async () => {
    if (!api) return;
    setLoading(true);
    setError(null);
    try {
      const { id, name, options } = JSON.parse(JSON.stringify(getValues() ?? {})); // plain data, not form proxies
      const response = await api.request({
        url: `${RESOURCE}:${ACTION_CHECK_SETUP}`,
        method: 'post',
        data: { id, name, options },
        skipNotify: true,
      });
      const answer = response?.data?.data?.lines;
      if (!Array.isArray(answer)) throw new Error('no lines');
      setLines(answer);
    } catch (err) {
      setLines(null);
      setError(serverMessageOf(err) ?? t('Check setup could not run. Please try again.'));
    } finally {
      setLoading(false);
    }
  };

  return (
    <div style={{ marginBottom: 24 }} data-testid="wecom-check-setup">
      <Button onClick={run} loading={loading} disabled={!api}>
        {t('Check setup')}
      </Button>
      <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
        {t('Checks these settings against WeCom, saved or not.')}
      </Typography.Text>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
      {lines && <CheckResults lines={lines} t={t} />}
    </div>
  );
}

export function CheckResults({ lines, t }: { lines: CheckLine[]; t: Translate }) {
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: '12px 0 0' }} aria-label={t('Setup check results')}>
      {lines.map((line) => (
        <li key={line.check} data-status={line.status} style={{ marginBottom: 6 }}>
          <Typography.Text type={line.status === 'ok' ? 'success' : line.status === 'fail' ? 'danger' : 'secondary'}>
            {line.status === 'ok' ? '✓' : line.status === 'fail' ? '✗' : '–'} {checkLabel(line.check, t)}
          </Typography.Text>
          {line.status !== 'ok' && (
            <div style={{ marginLeft: 18 }}>
              <Typography.Text type="secondary">{lineText(line, t)}</Typography.Text>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** What a line says to change (a ✗), or why it was not checked. */
export function lineText(line: CheckLine, t: Translate): string {
  if (line.status === 'skipped') return t('Not checked: fix the lines above first.');
  const key = line.message && line.message in MSG ? MSG[line.message as MessageId] : MSG.failed;
  const params: Record<string, unknown> = { ...line.params };
  if (typeof params.fields === 'string') {
    params.fields = params.fields
      .split(', ')
      .map((field) => ((REQUIRED_FIELD_LABELS as readonly string[]).includes(field) ? t(field) : field))
      .join(', ');
  }
  return t(key, { ...params, interpolation: { escapeValue: false } }); // React escapes the text itself
}

/** The name (locale key) of each line of the check, as the server reports it. */
export const CHECK_LABELS: Record<string, string> = {
  settings: 'Settings in this form',
  credentials: 'Corp ID and Secret',
  trustedIp: 'Trusted IP',
  agent: 'AgentId, app enabled',
  trustedDomain: 'Trusted domain',
  homepage: 'Application homepage',
  visibleRange: 'Visible range',
};

function checkLabel(check: string, t: Translate): string {
  return check in CHECK_LABELS ? t(CHECK_LABELS[check]) : check;
}
