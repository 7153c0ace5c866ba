/**
 * The page's own modules the message form draws with: the workflow's variable inputs and user picker
 * (`@nocobase/plugin-workflow/client-v2`) and the notification manager's "add receivers" button
 * (`@nocobase/plugin-notification-manager/client-v2`). Both belong to plugins that may be disabled, so the bundles
 * never name them as dependencies (a bundle whose dependency is missing fails to load, and the WeCom sign-in with
 * it): the page's requirejs (`app.requirejs`, the loader NocoBase loads every plugin with) fetches them when a form
 * is first shown, which only happens when the notification manager is there. A module that cannot be had leaves
 * its parts undefined, and the form falls back to plain inputs.
 */
import type { ComponentType } from 'react';

export const WORKFLOW_MODULE = '@nocobase/plugin-workflow/client-v2';
export const MANAGER_MODULE = '@nocobase/plugin-notification-manager/client-v2';

/** The parts of those modules the forms use (their props as NocoBase 2.2 declares them, loosely typed). */
export interface PageModules {
  UsersSelect?: ComponentType<any>;
  UserAddition?: ComponentType<any>;
  WorkflowVariableInput?: ComponentType<any>;
  WorkflowVariableTextArea?: ComponentType<any>;
  useWorkflowVariableOptions?: (options?: Record<string, unknown>) => unknown[];
  isUserKeyField?: (field: unknown) => boolean;
}

/** requirejs's asynchronous form: `require([ids], onLoad, onError)`. */
export type RequireModules = (
  ids: string[],
  onLoad: (...modules: any[]) => void,
  onError: (error: unknown) => void,
) => void;

interface AppWithRequireJs {
  requirejs?: { requirejs?: RequireModules };
}

/** The page's requirejs, from the NocoBase app (v1 and v2 keep it at `app.requirejs.requirejs`). */
export function pageRequireOf(app: AppWithRequireJs | undefined): RequireModules | undefined {
  const requirejs = app?.requirejs?.requirejs;
  return typeof requirejs === 'function' ? requirejs : undefined;
}

function loadModule(require: RequireModules | undefined, id: string): Promise<Record<string, any> | undefined> {
  if (!require) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    try {
      require([id], (module) => resolve(module ?? undefined), () => resolve(undefined));
    } catch {
      resolve(undefined);
    }
  });
}

const fn = <T>(value: unknown): T | undefined => (typeof value === 'function' ? (value as T) : undefined);
/** A React component: a function, or an object such as `memo(...)` / `forwardRef(...)`. */
const component = (value: unknown): ComponentType<any> | undefined =>
  typeof value === 'function' || (value && typeof value === 'object' && '$$typeof' in value)
    ? (value as ComponentType<any>)
    : undefined;

/** Loads both modules (each on its own: one missing does not take the other). */
export async function loadPageModules(require: RequireModules | undefined): Promise<PageModules> {
  const [workflow, manager] = await Promise.all([
    loadModule(require, WORKFLOW_MODULE),
    loadModule(require, MANAGER_MODULE),
  ]);
  return {
    UsersSelect: component(workflow?.UsersSelect ?? manager?.UserSelect),
    UserAddition: component(manager?.UserAddition),
    WorkflowVariableInput: component(workflow?.WorkflowVariableInput),
    WorkflowVariableTextArea: component(workflow?.WorkflowVariableTextArea),
    useWorkflowVariableOptions: fn(workflow?.useWorkflowVariableOptions),
    isUserKeyField: fn(workflow?.isUserKeyField),
  };
}

/** Loads the modules once per app, the first time a form asks. */
export function pageModulesLoader(app: AppWithRequireJs | undefined): () => Promise<PageModules> {
  let loading: Promise<PageModules> | undefined;
  return () => (loading ??= loadPageModules(pageRequireOf(app)));
}
