/**
 * The message type and the texts of a WeCom message (title, content, link, button text), as antd fields under the
 * form's `namePrefix`. Texts take variables through the workflow's inputs when the page has them (page-modules.ts),
 * else plain inputs (a variable can still be typed as `{{...}}`).
 */
import { Form, Input, Select } from 'antd';
import React from 'react';
import { useWecomTranslation } from '../locale';
import {
  DEFAULT_MESSAGE_TYPE,
  MESSAGE_TYPE,
  MESSAGE_TYPE_OPTIONS,
  type NamePath,
  TEXT_FIELDS,
  type TextField,
  under,
} from './message-fields';
import type { PageModules } from './page-modules';

export interface ContentFieldsProps {
  namePrefix?: NamePath;
  /** The variables the form offers (NocoBase's `MetaTreeNode[]`); the workflow's own tree when undefined. */
  variableOptions?: unknown[];
  modules: PageModules;
}

export function ContentFields({ namePrefix, variableOptions, modules }: ContentFieldsProps) {
  const { t } = useWecomTranslation();
  return (
    <>
      <Form.Item name={under(namePrefix, MESSAGE_TYPE)} label={t('Message type')} initialValue={DEFAULT_MESSAGE_TYPE}>
        <Select options={MESSAGE_TYPE_OPTIONS.map(({ value, label }) => ({ value, label: t(label) }))} />
      </Form.Item>
      {TEXT_FIELDS.map((field) => (
        <Form.Item
          key={field.name.join('.')}
          name={under(namePrefix, field.name)}
          label={t(field.label)}
          extra={t(field.description)}
          rules={field.required ? [{ required: true, message: t('Enter the content') }] : undefined}
        >
          <TextInput field={field} variableOptions={variableOptions} modules={modules} />
        </Form.Item>
      ))}
    </>
  );
}

interface TextInputProps {
  field: TextField;
  variableOptions?: unknown[];
  modules: PageModules;
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
}

function TextInput({ field, variableOptions, modules, value, onChange, id }: TextInputProps) {
  const { WorkflowVariableInput, WorkflowVariableTextArea } = modules;
  const Variable = field.multiline ? WorkflowVariableTextArea : WorkflowVariableInput;
  if (Variable) {
    const sizing = field.multiline ? { autoSize: { minRows: 5 } } : {};
    return <Variable id={id} value={value} onChange={onChange} metaTree={variableOptions} {...sizing} />;
  }
  const change = (event: { target: { value: string } }) => onChange?.(event.target.value);
  return field.multiline ? (
    <Input.TextArea id={id} value={value} onChange={change} autoSize={{ minRows: 5 }} />
  ) : (
    <Input id={id} value={value} onChange={change} />
  );
}
