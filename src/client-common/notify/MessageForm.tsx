/**
 * The WeCom channel's message forms, as NocoBase's notification manager renders them from the loaders (the
 * workflow's Notification node with `namePrefix={['config']}`, in the v1 and the v2 admin alike):
 * - MessageForm: receivers, message type and texts;
 * - ContentForm: message type and texts, for callers that name the users themselves (`sendToUsers`).
 */
import React from 'react';
import { ContentFields } from './ContentFields';
import type { NamePath } from './message-fields';
import type { PageModules } from './page-modules';
import { ReceiversField } from './ReceiversField';

export interface NotifyFormProps {
  namePrefix?: NamePath;
  variableOptions?: unknown[];
  /** The page's modules (page-modules.ts), loaded before the form is drawn. */
  modules: PageModules;
}

export function MessageForm({ namePrefix, variableOptions, modules }: NotifyFormProps) {
  return (
    <>
      <ReceiversField namePrefix={namePrefix} modules={modules} />
      <ContentFields namePrefix={namePrefix} variableOptions={variableOptions} modules={modules} />
    </>
  );
}

export function ContentForm({ namePrefix, variableOptions, modules }: NotifyFormProps) {
  return <ContentFields namePrefix={namePrefix} variableOptions={variableOptions} modules={modules} />;
}
