/**
 * Stand-ins for the NocoBase page's modules the WeCom message form draws with (page-modules.ts): the workflow's
 * user picker and variable inputs, and the notification manager's "add receivers" button. Those modules cannot be
 * installed here; these keep their props (value/onChange, `variableOptions`, `metaTree`) and show what they got.
 */
import React from 'react';
import type { PageModules, RequireModules } from '../../src/client-common/notify/page-modules';

export const USER_VARIABLES = [{ name: '$context', title: 'Trigger', paths: ['$context'] }];

type Value = number | string | { filter?: Record<string, unknown> } | null | undefined;

/** A user id typed in (or a `{ filter }` query shown as JSON); `data-user-variables` counts the variables offered. */
function UsersSelect({
  value,
  onChange,
  variableOptions,
}: {
  value?: Value;
  onChange?: (v: Value) => void;
  variableOptions?: unknown[];
}) {
  const text = value && typeof value === 'object' ? JSON.stringify(value) : String(value ?? '');
  return (
    <input
      aria-label="user"
      data-user-variables={variableOptions?.length ?? 0}
      value={text}
      onChange={(event) =>
        onChange?.(/^\d+$/.test(event.target.value) ? Number(event.target.value) : event.target.value)
      }
    />
  );
}

function UserAddition({ value = [], onChange }: { value?: Value[]; onChange?: (next: Value[]) => void }) {
  return (
    <>
      <button type="button" onClick={() => onChange?.([...value, null])}>
        Add user
      </button>
      <button type="button" onClick={() => onChange?.([...value, { filter: {} }])}>
        Add query
      </button>
    </>
  );
}

function variableInput(tag: 'input' | 'textarea') {
  return function VariableInput({
    id,
    value,
    onChange,
    metaTree,
  }: {
    id?: string;
    value?: string;
    onChange?: (v: string) => void;
    metaTree?: unknown[];
  }) {
    return React.createElement(tag, {
      id,
      'data-variables': metaTree?.length ?? 0,
      value: value ?? '',
      onChange: (event: { target: { value: string } }) => onChange?.(event.target.value),
    });
  };
}

export const isUserKeyField = (field: { target?: string }) => field?.target === 'users';

/** The two modules as the page's requirejs hands them out. */
export const PAGE_MODULES: Record<string, Record<string, unknown>> = {
  '@nocobase/plugin-workflow/client-v2': {
    UsersSelect,
    WorkflowVariableInput: variableInput('input'),
    WorkflowVariableTextArea: variableInput('textarea'),
    useWorkflowVariableOptions: (options?: { types?: unknown[] }) =>
      options?.types?.includes(isUserKeyField) ? USER_VARIABLES : [],
    isUserKeyField,
  },
  '@nocobase/plugin-notification-manager/client-v2': { UserAddition, UserSelect: UsersSelect },
};

/** A requirejs that serves `modules` and fails (errback) for any other id; records what was asked. */
export function fakeRequireJs(modules: Record<string, unknown> = PAGE_MODULES) {
  const asked: string[][] = [];
  const requirejs: RequireModules = (ids, onLoad, onError) => {
    asked.push(ids);
    setTimeout(() => {
      if (ids.every((id) => id in modules)) onLoad(...ids.map((id) => modules[id]));
      else onError(new Error(`Script error for "${ids.join(', ')}"`));
    }, 0);
  };
  return { requirejs, asked };
}

export type { PageModules };
