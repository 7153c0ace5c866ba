/**
 * The notification demo `npm start` puts into NocoBase (through its API, as the root admin; created once,
 * corrected on later starts): a WeCom channel on the `wecom` authenticator, a sample collection of orders with an
 * assignee, and a workflow that sends the assignee a WeCom text card when an order is added. The card opens the
 * order's page (order-page.ts). Skipped, with a line saying so, when the notification manager or the workflow
 * plugin is not enabled.
 */
import { NOTIFY_CHANNEL_TYPE } from '../src/constants';
import type { NocoBaseApi } from './nocobase-api';
import { ensureOrderPage } from './order-page';
import { AUTHENTICATOR } from './seed';

export const NOTIFY_CHANNEL = 'wecom_sandbox';
export const ORDERS = 'sandbox_orders';
/** The fields of an order a member may see (NocoBase's field-level permission lists them). */
const ORDER_FIELDS = ['id', 'title', 'amount', 'assignee', 'assigneeId'];
export const WORKFLOW_TITLE = 'Tell the assignee in WeCom (sandbox)';

export interface NotifyDemo {
  channel: string;
  collection: string;
  workflowId: number;
  /** The order page's path (under the public path), without the order's id: `/admin/<uid>`. */
  orderPagePath: string;
}

export async function ensureNotifyDemo(
  api: NocoBaseApi,
  origin: string | undefined,
  log: (line: string) => void,
): Promise<NotifyDemo | undefined> {
  try {
    await api.call('notificationChannels:list', { query: { pageSize: 1 } });
    await api.call('workflows:list', { query: { pageSize: 1 } });
  } catch {
    log('No WeCom notification demo: enable the Notification manager and Workflow plugins to try it.');
    return undefined;
  }
  await ensureChannel(api, origin);
  await ensureOrders(api);
  await letMembersSeeOrders(api);
  const orderPagePath = await ensureOrderPage(api, ORDERS);
  const workflowId = await ensureWorkflow(api, orderPagePath, log);
  return { channel: NOTIFY_CHANNEL, collection: ORDERS, workflowId, orderPagePath };
}

/** The channel: the sandbox authenticator sends; `origin` is this site's address for the card's link. */
async function ensureChannel(api: NocoBaseApi, origin: string | undefined) {
  const options = { authenticator: AUTHENTICATOR, ...(origin ? { origin } : {}) };
  const [existing] = await api.call('notificationChannels:list', { query: { filter: { name: NOTIFY_CHANNEL } } });
  if (existing) {
    await api.call('notificationChannels:update', {
      query: { filterByTk: NOTIFY_CHANNEL },
      values: { options: { ...existing.options, ...options } },
    });
    return;
  }
  await api.call('notificationChannels:create', {
    values: {
      name: NOTIFY_CHANNEL,
      title: 'WeCom (sandbox)',
      notificationType: NOTIFY_CHANNEL_TYPE,
      description: 'The WeCom sandbox app of npm start',
      options,
    },
  });
}

async function ensureOrders(api: NocoBaseApi) {
  const [existing] = await api.call('collections:list', { query: { filter: { name: ORDERS } } });
  if (existing) return;
  await api.call('collections:create', {
    values: {
      name: ORDERS,
      title: 'Orders (sandbox)',
      fields: [
        { name: 'title', type: 'string', interface: 'input', uiSchema: { title: 'Title', 'x-component': 'Input' } },
        {
          name: 'amount',
          type: 'double',
          interface: 'number',
          uiSchema: { title: 'Amount', 'x-component': 'InputNumber' },
        },
        {
          name: 'assignee',
          type: 'belongsTo',
          interface: 'm2o',
          target: 'users',
          foreignKey: 'assigneeId',
          uiSchema: {
            title: 'Assignee',
            'x-component': 'AssociationField',
            'x-component-props': { multiple: false, fieldNames: { label: 'nickname', value: 'id' } },
          },
        },
      ],
    },
  });
}

/**
 * NocoBase's member role may only view records its users created; the orders are assigned, not created, by them: let
 * members view the orders, so a card opens its order for the assignee.
 */
async function letMembersSeeOrders(api: NocoBaseApi) {
  const resource = { dataSourceKey: 'main', name: ORDERS };
  const existing = await api.call('roles/member/dataSourceResources:get', { query: { filter: resource } });
  if (existing) return;
  await api.call('roles/member/dataSourceResources:create', {
    values: { ...resource, usingActionsConfig: true, actions: [{ name: 'view', fields: ORDER_FIELDS }] },
  });
}

/** The Notification node's settings, as the channel's message form writes them (docs/notifications.md). */
export function cardConfig(orderPagePath: string) {
  return {
    channelName: NOTIFY_CHANNEL,
    receivers: ['{{$context.data.assigneeId}}'],
    msgType: 'textcard',
    content: {
      title: 'New order: {{$context.data.title}}',
      body: '<div class="gray">Amount</div><div class="highlight">{{$context.data.amount}}</div><div class="normal">Assigned to you. Tap to open it in NocoBase.</div>',
      link: `${orderPagePath}?order={{$context.data.id}}`,
      buttonText: 'Open',
    },
  };
}

/**
 * The workflow (on "after record added" of the orders) and its one node. A later start puts the node's settings
 * back when they changed, unless the workflow has run since (NocoBase then keeps a version as it ran).
 */
async function ensureWorkflow(api: NocoBaseApi, orderPagePath: string, log: (line: string) => void): Promise<number> {
  const config = cardConfig(orderPagePath);
  const [existing] = await api.call('workflows:list', { query: { filter: { title: WORKFLOW_TITLE, current: true } } });
  if (existing) {
    const [node] = await api.call(`workflows/${existing.id}/nodes:list`, {});
    if (node && JSON.stringify(node.config) !== JSON.stringify(config)) {
      await api.call('flow_nodes:update', { query: { filterByTk: node.id }, values: { config } }).catch(() => {
        log(`The demo workflow has run already: its Notification node is kept as it is.`);
      });
    }
    return existing.id;
  }
  const workflow = await api.call('workflows:create', {
    values: {
      title: WORKFLOW_TITLE,
      type: 'collection',
      sync: false,
      enabled: false,
      description: 'npm start: a WeCom text card to the assignee of each new order',
      config: { mode: 1, collection: ORDERS },
    },
  });
  await api.call(`workflows/${workflow.id}/nodes:create`, {
    values: { type: 'notification', title: 'WeCom card to the assignee', config },
  });
  await api.call('workflows:update', { query: { filterByTk: workflow.id }, values: { enabled: true } });
  return workflow.id;
}
