import type { FormatDepartment, UserData, UserDataResourceManager } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { bindingUuid } from '../accounts/bindings';
import { ContactsClient, createContactsClient, isGone, WecomContact } from '../wecom/contacts';
import { wecomRuntime } from '../wecom/app-runtime';
import { readSyncSettings, SyncSettings, toSyncError } from './options';
import { departmentRecord, departmentUid } from './org';
import { reconcileMembers } from './reconcile';
import { loadSyncRecords } from './sync-records';
import { newTally } from './tally';

/**
 * Change events, after the callback answered WeCom: one at a time, in arrival order. Each re-reads the member
 * or department through the API (events from callbacks set up since 2022 carry ids only, and an old event may
 * arrive after a newer change), then goes through the same rules and writers as a pull, so a repeat changes
 * nothing.
 */
export interface ContactEvent {
  sourceName: string;
  changeType: string;
  userid?: string;
  newUserid?: string;
  departmentId?: number;
}

const MEMBER_EVENTS = new Set(['create_user', 'update_user', 'delete_user']);
const DEPARTMENT_EVENTS = new Set(['create_party', 'update_party', 'delete_party']);

/** The event's fields that matter, or null for events this source does not handle (tags, other event kinds). */
export function contactEventOf(sourceName: string, fields: Record<string, string>): ContactEvent | null {
  const changeType = fields.ChangeType;
  if (fields.MsgType !== 'event' || fields.Event !== 'change_contact') {
    return null;
  }
  if (MEMBER_EVENTS.has(changeType) && fields.UserID) {
    return { sourceName, changeType, userid: fields.UserID, newUserid: fields.NewUserID || undefined };
  }
  const id = Number(fields.Id);
  if (DEPARTMENT_EVENTS.has(changeType) && Number.isInteger(id) && id > 0) {
    return { sourceName, changeType, departmentId: id };
  }
  return null;
}

export class ContactEventQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly app: Application,
    private readonly resources: () => UserDataResourceManager | undefined,
  ) {}

  push(event: ContactEvent): void {
    this.tail = this.tail.then(() => this.applyLogged(event));
  }

  /** One event; a failure is logged and never stops the ones after it. */
  private async applyLogged(event: ContactEvent) {
    try {
      await this.apply(event);
    } catch (error) {
      this.app.logger.error('WeCom sync: a change event failed', {
        method: 'wecom-sync',
        source: event.sourceName,
        changeType: event.changeType,
        error: toSyncError(error).message,
      });
    }
  }

  /** Resolves once every event pushed so far is applied (tests, shutdown). */
  idle(): Promise<void> {
    return this.tail;
  }

  private async apply(event: ContactEvent) {
    const resources = this.resources();
    const source = await this.app.db
      .getRepository('userDataSyncSources')
      .findOne({ filter: { name: event.sourceName, enabled: true } });
    if (!resources || !source) {
      return;
    }
    const settings = await readSyncSettings(this.app, event.sourceName, source.get('options'));
    const client = createContactsClient(settings.config, wecomRuntime(this.app));
    const data = event.departmentId
      ? await this.departmentData(settings, client, event.departmentId)
      : await this.memberData(settings, client, event);
    for (const item of data) {
      await resources.updateOrCreate(item);
    }
  }

  private async departmentData(settings: SyncSettings, client: ContactsClient, id: number): Promise<UserData[]> {
    let record: FormatDepartment;
    try {
      record = departmentRecord(await client.getDepartment(id));
    } catch (error) {
      if (!isGone(error)) {
        throw error;
      }
      const rows = await loadSyncRecords(this.app.db, settings.sourceName, 'department', [departmentUid(id)]);
      if (!rows.size) {
        return [];
      }
      record = { uid: departmentUid(id), isDeleted: true };
    }
    return [{ dataType: 'department', sourceName: settings.sourceName, records: [record] }];
  }

  private async memberData(settings: SyncSettings, client: ContactsClient, event: ContactEvent): Promise<UserData[]> {
    const userid = event.newUserid ?? (event.userid as string);
    if (event.newUserid && event.userid) {
      await renameMember(this.app, settings, event.userid, event.newUserid);
    }
    const members: WecomContact[] = [];
    const gone: string[] = [];
    try {
      members.push(await client.getMember(userid));
    } catch (error) {
      if (!isGone(error)) {
        throw error;
      }
      gone.push(bindingUuid(userid));
    }
    const tally = newTally();
    const records = await reconcileMembers(
      this.app,
      settings,
      members,
      { gone, whole: false, logger: this.app.logger },
      tally,
    );
    this.app.logger.info('WeCom sync: change event applied', {
      method: 'wecom-sync',
      source: settings.sourceName,
      ...tally,
    });
    return records.length ? [{ dataType: 'user', sourceName: settings.sourceName, records }] : [];
  }
}

/** A member whose userid changed (`NewUserID`): the binding and the sync row follow them, nothing else moves. */
async function renameMember(app: Application, settings: SyncSettings, from: string, to: string) {
  const oldUid = bindingUuid(from);
  const newUid = bindingUuid(to);
  if (oldUid === newUid) {
    return;
  }
  await app.db.getRepository('usersAuthenticators').update({
    filter: { authenticator: settings.scope.authenticator, uuid: oldUid },
    values: { uuid: newUid, meta: { userid: to, corpId: settings.scope.corpId, linkedBy: 'sync' } },
  });
  const taken = await loadSyncRecords(app.db, settings.sourceName, 'user', [newUid]);
  if (!taken.size) {
    await app.db.getRepository('userDataSyncRecords').update({
      filter: { sourceName: settings.sourceName, dataType: 'user', sourceUk: oldUid },
      values: { sourceUk: newUid },
    });
  }
}
