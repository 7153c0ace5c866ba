/**
 * A write-only setting in the v1 and v2 forms (the Secret, the Token, the EncodingAESKey): the server never sends a
 * saved value back, so the field starts empty and says that one is set. Left empty, the saved value is kept; typed
 * over, it is replaced; "Clear" (for a setting that may be empty) sends `null`, which removes it when the form is saved.
 */
import { Button, Input, Space, Typography } from 'antd';
import React from 'react';
import { useWecomTranslation } from '../locale';

export interface WriteOnlyInputProps {
  /** The value typed (undefined or '' keeps the saved one), or null: clear it on save. */
  value?: string | null;
  onChange?: (value: string | null | undefined) => void;
  /** The server holds a value for this setting, which it does not show. */
  stored: boolean;
  /** Whether it may be cleared (a required setting may only be replaced). */
  clearable: boolean;
  placeholder?: string;
}

export function WriteOnlyInput({ value, onChange, stored, clearable, placeholder }: WriteOnlyInputProps) {
  const { t } = useWecomTranslation();
  if (value === null) {
    return (
      <Space>
        <Typography.Text type="warning">{t('Cleared when you save')}</Typography.Text>
        <Button size="small" onClick={() => onChange?.(undefined)}>
          {t('Undo')}
        </Button>
      </Space>
    );
  }
  return (
    // A plain flex row: antd's Space.Compact styles use selectors jsdom cannot parse.
    <div style={{ display: 'flex', gap: 8 }}>
      <Input.Password
        value={value ?? ''}
        onChange={(event) => onChange?.(event.target.value)}
        placeholder={stored ? t('Set — leave empty to keep') : placeholder}
        autoComplete="new-password" // keep the browser's saved password out
      />
      {stored && clearable ? <Button onClick={() => onChange?.(null)}>{t('Clear')}</Button> : null}
    </div>
  );
}
