/**
 * Read-only values the admin copies into the WeCom admin console, each with a copy button and a note
 * saying where it goes. Shared by the v1 and v2 settings forms.
 */
import { Card, Typography } from 'antd';
import React from 'react';
import { useWecomTranslation } from '../locale';
import { effectiveOrigin, trustedDomainOf, workbenchLinkOf } from './setup-values';

export interface SetupGuideProps {
  /** The Origin field as typed (may be empty: then this site's origin is used). */
  origin: string | undefined;
  /** The authenticator's name (Auth UID). */
  name: string | undefined;
  /** Path prefix of NocoBase's API, e.g. `/api/` (`/nocobase/api/` under a public path). */
  apiBasePath: string;
  /** The sub-app of the multi-app manager this form belongs to; unset in the main app. */
  subApp?: string;
}

export function SetupGuide({ origin, name, apiBasePath, subApp }: SetupGuideProps) {
  const { t } = useWecomTranslation();
  const base = effectiveOrigin(origin, window.location.origin);
  const domain = trustedDomainOf(base);
  const link = workbenchLinkOf(base, apiBasePath, name, subApp);

  return (
    <Card size="small" title={t('Set up in WeCom')} style={{ marginBottom: 24 }}>
      <GuideValue
        label={t('Trusted domain')}
        value={domain}
        missing={t('Enter a valid Origin to see this value.')}
        help={t(
          'In the WeCom admin console, open App Management → this app → "Web authorization and JS-SDK" and set this as the trusted domain. For QR-code sign-in on computers, also set it as the authorized callback domain under "WeCom authorized login" → Web.',
        )}
      />
      <GuideValue
        label={t('Workbench homepage link')}
        value={link}
        missing={base ? t('Fill in the Auth UID to see this link.') : t('Enter a valid Origin to see this value.')}
        help={t(
          'In App Management → this app, set "Application homepage" to this link: members who open the app from the WeCom workbench arrive signed in.',
        )}
      />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t(
          'WeCom only answers API calls from the app\'s trusted IPs: add the public outbound IP of this NocoBase server under "Enterprise trusted IP" of the app.',
        )}
      </Typography.Paragraph>
    </Card>
  );
}

function GuideValue(props: { label: string; value: string | null; missing: string; help: string }) {
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text strong>{props.label}</Typography.Text>
      <div>
        {props.value ? (
          <Typography.Text code copyable={{ text: props.value }}>
            {props.value}
          </Typography.Text>
        ) : (
          <Typography.Text type="warning">{props.missing}</Typography.Text>
        )}
      </div>
      <Typography.Text type="secondary">{props.help}</Typography.Text>
    </div>
  );
}
