/**
 * The contacts sync on the sandbox (no browser: NocoBase's API as the root admin): `npm start`'s sync source
 * `wecom_sandbox` pulls the sandbox company, the task succeeds, and NocoBase's departments are its four.
 */
import { DEPARTMENTS } from '../sandbox/members';
import { NocoBaseApi } from '../sandbox/nocobase-api';
import { SYNC_SOURCE } from '../sandbox/seed';
import { Stack } from '../sandbox/stack';
import { expectEqual } from './pages';
import { Step } from './step-runner';

export function syncStep(stack: Stack): Step {
  return {
    name: `The sandbox's WeCom sync source (${SYNC_SOURCE}) copies its ${DEPARTMENTS.length} departments into NocoBase`,
    async run() {
      const { email, password } = stack.credentials.admin;
      const api = await NocoBaseApi.signIn(stack.appUrl, email, password);
      const [source] = await api.call('userDataSyncSources:list', { query: { filter: { name: SYNC_SOURCE } } });
      if (!source) {
        throw new Error(`npm start did not create the sync source ${SYNC_SOURCE}`);
      }
      await api.call('userData:pull', { query: { name: SYNC_SOURCE }, values: {} });
      let task: { status?: string; message?: string } | undefined;
      for (let i = 0; i < 200 && !(task && !['init', 'processing'].includes(String(task.status))); i++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        [task] = await api.call('userDataSyncTasks:list', { query: { filter: { sourceId: source.id }, sort: '-id' } });
      }
      expectEqual(task?.status, 'success', `the sync task's status (${task?.message ?? 'no message'})`);
      const departments: { title: string }[] = await api.call('departments:list', { query: { pageSize: 100 } });
      const titles = departments.map((department) => department.title).sort();
      expectEqual(
        titles.join(', '),
        DEPARTMENTS.map((department) => department.name)
          .sort()
          .join(', '),
        'departments',
      );
    },
  };
}
