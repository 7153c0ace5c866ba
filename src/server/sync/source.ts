import type { Model } from '@nocobase/database';
import type { FormatDepartment, UserData, UserDataResourceManager } from '@nocobase/plugin-user-data-sync';
import { SyncSource } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { createContactsClient } from '../wecom/contacts';
import { directWriter } from './direct-writer';
import { wecomRuntime } from '../wecom/app-runtime';
import { readSyncSettings, SyncSettings, toSyncError } from './options';
import { departmentRecords, leadersOf, Org, readOrg } from './org';
import { reconcileMembers } from './reconcile';
import { userDataSync } from './user-data-sync';
import { DEPARTMENTS_RESOURCE, isDeletedRow, linkedId, loadSyncRecords, unchanged } from './sync-records';
import { newTally, summary, Tally } from './tally';

type EndTaskParams = Parameters<SyncSource['endTask']>[0];

/**
 * The `wecom` source of NocoBase's user data synchronization. `pull()` reads the whole company first (any WeCom
 * error ends the task with its message, before anything is written), then keeps the bindings of the chosen
 * authenticator, and returns departments and the members that have a user; NocoBase writes them. A successful
 * task's message says what happened to the members.
 */
export class WecomSyncSource extends SyncSource {
  private tally?: Tally;

  async pull(): Promise<UserData[]> {
    const app = this.ctx.app as Application;
    const sourceName = String(this.instance.get('name'));
    let settings: SyncSettings;
    let org: Org;
    try {
      settings = await readSyncSettings(app, sourceName, this.options);
      org = await readOrg(createContactsClient(settings.config, wecomRuntime(app)));
    } catch (error) {
      throw toSyncError(error);
    }
    this.tally = newTally();
    return pullData(app, settings, org, this.tally, userDataSync({ app })?.resourceManager);
  }

  async endTask(params: EndTaskParams) {
    const message = params.success && this.tally ? summary(this.tally) : params.message;
    return super.endTask({ ...params, message });
  }
}

/**
 * What NocoBase writes for one read of the company: departments (then the deleted ones), then users. When the
 * direct writer can take users (direct-writer.ts), the departments are handed to NocoBase first, here, so that
 * the members' departments exist when it writes their memberships; only the other users are returned.
 */
export async function pullData(
  app: Application,
  settings: SyncSettings,
  org: Org,
  tally: Tally,
  resources?: UserDataResourceManager,
): Promise<UserData[]> {
  const sourceName = settings.sourceName;
  const all = departmentRecords(org.departments);
  const listed = new Set(all.map((department) => department.uid));
  const rows = await loadSyncRecords(app.db, sourceName, 'department');
  // The Departments plugin is optional: without it NocoBase keeps no departments, and none are handed over.
  const withDepartments = Boolean(app.db.getCollection('departments'));
  const existing: Model[] = withDepartments ? await app.db.getRepository('departments').find({ fields: ['id'] }) : [];
  const ids = new Set(existing.map((department) => String(department.get('id'))));
  // Unchanged in WeCom since NocoBase wrote them, and still there: nothing to hand over.
  const departments = all.filter((record) => {
    const row = rows.get(record.uid);
    const id = row && linkedId(row, DEPARTMENTS_RESOURCE);
    return !(id && ids.has(id) && unchanged(row, record, DEPARTMENTS_RESOURCE, id));
  });
  const deleted: FormatDepartment[] = [...rows.entries()]
    .filter(([uid, row]) => !listed.has(uid) && !isDeletedRow(row) && linkedId(row, DEPARTMENTS_RESOURCE))
    .map(([uid]) => ({ uid, isDeleted: true }));
  tally.departments = all.length;
  const direct = resources && directWriter(app, sourceName, resources);
  const data: UserData[] = [];
  if (withDepartments && (departments.length || deleted.length)) {
    const item: UserData = { dataType: 'department', sourceName, records: [...departments, ...deleted] };
    if (direct && resources) {
      await resources.updateOrCreate(item);
    } else {
      data.push(item);
    }
  }
  const users = await reconcileMembers(
    app,
    settings,
    org.members,
    { whole: true, leaders: leadersOf(org.departments), logger: app.logger, direct },
    tally,
  );
  app.logger.info('WeCom sync: members reconciled', { method: 'wecom-sync', source: sourceName, ...tally });
  if (users.length) {
    data.push({ dataType: 'user', sourceName, records: users });
  }
  return data;
}
