import type { Model } from '@nocobase/database';
import type { UserData, UserDataResourceManager } from '@nocobase/plugin-user-data-sync';
import { SyncSource } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { createContactsClient } from '../wecom/contacts';
import { directWriter } from './direct-writer';
import { wecomRuntime } from '../wecom/app-runtime';
import { requestLanguage, translate } from '../i18n';
import { readSyncSettings, SyncSettings, toSyncError } from './options';
import { planDepartments } from './department-plan';
import { writeNewDepartments } from './department-writer';
import { leadersOf, Org, readOrg } from './org';
import { prepareMembers, ReconcileOptions, reconcileMembers } from './reconcile';
import { checkRemovals, eventRemovals } from './removal-guard';
import { userDataSync } from './user-data-sync';
import { fitTaskMessage, newTally, summary, Tally, Translator, withDuration } from './tally';

type EndTaskParams = Parameters<SyncSource['endTask']>[0];

/**
 * The `wecom` source of NocoBase's user data synchronization. `pull()` reads the whole company first (any WeCom
 * error ends the task with its message, before anything is written), checks what it would remove against the
 * limit (removal-guard.ts), then keeps the bindings of the chosen authenticator, and returns departments and the
 * members that have a user; NocoBase writes them. A successful task's message says what happened to the members
 * and how long it took, in the language of the admin who started it.
 */
export class WecomSyncSource extends SyncSource {
  private tally?: Tally;
  private settings?: SyncSettings;
  private started = Date.now();
  /** The language of the admin who started the sync: the task's message is written in it. */
  private language = 'en-US';

  async pull(): Promise<UserData[]> {
    const app = this.ctx.app as Application;
    const sourceName = String(this.instance.get('name'));
    this.started = Date.now();
    this.language = requestLanguage(this.ctx);
    try {
      this.settings = await readSyncSettings(app, sourceName, this.options);
      const org = await readOrg(createContactsClient(this.settings.config, wecomRuntime(app)));
      this.tally = newTally();
      return await pullData(app, this.settings, org, this.tally, userDataSync({ app })?.resourceManager);
    } catch (error) {
      // The task list shows the message as it is: in the language of the admin who started the sync.
      const failure = toSyncError(error);
      const message = translate(this.ctx, this.language, failure.messageKey, failure.params);
      // NocoBase logs the cause with the task's failure.
      throw Object.assign(new Error(message), { cause: error });
    }
  }

  async endTask(params: EndTaskParams) {
    const t: Translator = (key, values) => translate(this.ctx, this.language, key, values);
    const message =
      params.success && this.tally
        ? withDuration(summary(this.tally, t), Date.now() - this.started, t)
        : fitTaskMessage(String(params.message ?? ''));
    if (params.success && this.settings) {
      const app = this.ctx.app as Application;
      await afterPull(app, this.instance, this.settings).catch((error) =>
        app.logger.error('WeCom sync: could not turn confirmRemovals off', {
          method: 'wecom-sync',
          error: String(error),
        }),
      );
    }
    return super.endTask({ ...params, message });
  }
}

/**
 * A pull that went through is the admin's say on what it removed: change events count their removals afresh,
 * and a confirmation to go over the limit (`confirmRemovals`) is used up.
 */
async function afterPull(app: Application, source: Model, settings: SyncSettings) {
  eventRemovals(app).reset(settings.sourceName);
  if (settings.confirmRemovals) {
    const sources = app.db.getRepository('userDataSyncSources');
    const fresh = await sources.findOne({ filterByTk: source.get('id') });
    const options = { ...(fresh?.get('options') as Record<string, unknown>), confirmRemovals: false };
    await sources.update({ filterByTk: source.get('id'), values: { options } });
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
  const direct = resources && directWriter(app, sourceName, resources);
  const options: ReconcileOptions = {
    whole: true,
    leaders: leadersOf(org.departments),
    logger: app.logger,
    direct,
    guard: (removals, bound) => checkRemovals(settings, removals, bound, 'pull'),
  };
  // Everything is read and the removals checked before the first write (departments are written first).
  const prepared = await prepareMembers(app, settings, org.members, options);
  const plan = await planDepartments(app, sourceName, org.departments);
  const { withDepartments, changed: departments, deleted } = plan;
  tally.departments = plan.all.length;
  const data: UserData[] = [];
  if (withDepartments && (departments.length || deleted.length)) {
    const item: UserData = { dataType: 'department', sourceName, records: [...departments, ...deleted] };
    if (direct && resources) {
      // New departments in bulk (department-writer.ts), the others through NocoBase.
      const rest = await writeNewDepartments(app, plan, sourceName, resources);
      if (rest.length || deleted.length) {
        await resources.updateOrCreate({ ...item, records: [...rest, ...deleted] });
      }
    } else {
      data.push(item);
    }
  }
  const users = await reconcileMembers(app, settings, prepared, options, tally);
  app.logger.info('WeCom sync: members reconciled', { method: 'wecom-sync', source: sourceName, ...tally });
  if (users.length) {
    data.push({ dataType: 'user', sourceName, records: users });
  }
  return data;
}
