/**
 * The sandbox's "Orders" page (v1 admin, created once through NocoBase's API): the orders in a table, where a new
 * one can be added, and above it the one order the URL names (`?order=<id>`), which is where a WeCom card of the
 * demo workflow lands. The schema is NocoBase 2.x's own for a page, a details block and a table block.
 */
import { randomBytes } from 'crypto';
import type { NocoBaseApi } from './nocobase-api';

const PAGE_TITLE = 'Orders (sandbox)';

/** An assignee is shown by nickname. */
const NICKNAME = { fieldNames: { label: 'nickname', value: 'id' } };

const uid = () => randomBytes(6).toString('hex');

const row = (properties: Record<string, unknown>) => ({
  type: 'void',
  'x-component': 'Grid.Row',
  properties: { [uid()]: { type: 'void', 'x-component': 'Grid.Col', properties } },
});

const field = (collection: string, name: string) => ({
  type: 'string',
  'x-toolbar': 'FormItemSchemaToolbar',
  'x-settings': 'fieldSettings:FormItem',
  'x-component': 'CollectionField',
  'x-decorator': 'FormItem',
  'x-collection-field': `${collection}.${name}`,
  'x-read-pretty': true,
});

/** The order of `?order=<id>`, with its title, amount and assignee. */
function detailsBlock(collection: string) {
  return {
    type: 'void',
    'x-acl-action': `${collection}:view`,
    'x-decorator': 'DetailsBlockProvider',
    'x-use-decorator-props': 'useDetailsWithPaginationDecoratorProps',
    'x-decorator-props': {
      dataSource: 'main',
      collection,
      readPretty: true,
      action: 'list',
      params: { pageSize: 1, filter: { $and: [{ id: { $eq: '{{$nURLSearchParams.order}}' } }] } },
    },
    'x-toolbar': 'BlockSchemaToolbar',
    'x-settings': 'blockSettings:detailsWithPagination',
    'x-component': 'CardItem',
    'x-component-props': { title: 'The order of the link' },
    properties: {
      details: {
        type: 'void',
        'x-component': 'Details',
        'x-read-pretty': true,
        'x-use-component-props': 'useDetailsWithPaginationProps',
        properties: {
          grid: {
            type: 'void',
            'x-component': 'Grid',
            properties: {
              [uid()]: row({ title: field(collection, 'title') }),
              [uid()]: row({ amount: field(collection, 'amount') }),
              [uid()]: row({ assignee: { ...field(collection, 'assignee'), 'x-component-props': NICKNAME } }),
            },
          },
        },
      },
    },
  };
}

const column = (collection: string, name: string) => ({
  type: 'void',
  'x-decorator': 'TableV2.Column.Decorator',
  'x-toolbar': 'TableColumnSchemaToolbar',
  'x-settings': 'fieldSettings:TableColumn',
  'x-component': 'TableV2.Column',
  properties: { [name]: { ...field(collection, name), 'x-decorator': undefined, 'x-component-props': {} } },
});

/** Every order, newest first, with "Add new" (its form adds an order: the workflow then sends the card). */
function tableBlock(collection: string) {
  const formField = (name: string) => ({ ...field(collection, name), 'x-read-pretty': undefined });
  return {
    type: 'void',
    'x-decorator': 'TableBlockProvider',
    'x-acl-action': `${collection}:list`,
    'x-use-decorator-props': 'useTableBlockDecoratorProps',
    'x-decorator-props': {
      collection,
      dataSource: 'main',
      action: 'list',
      params: { pageSize: 20, sort: ['-id'] },
      showIndex: true,
      dragSort: false,
    },
    'x-toolbar': 'BlockSchemaToolbar',
    'x-settings': 'blockSettings:table',
    'x-component': 'CardItem',
    properties: {
      actions: {
        type: 'void',
        'x-initializer': 'table:configureActions',
        'x-component': 'ActionBar',
        'x-component-props': { style: { marginBottom: 'var(--nb-spacing)' } },
        properties: {
          create: {
            type: 'void',
            'x-action': 'create',
            'x-acl-action': 'create',
            title: "{{t('Add new')}}",
            'x-toolbar': 'ActionSchemaToolbar',
            'x-settings': 'actionSettings:addNew',
            'x-component': 'Action',
            'x-decorator': 'ACLActionProvider',
            'x-component-props': {
              openMode: 'drawer',
              type: 'primary',
              component: 'CreateRecordAction',
              icon: 'PlusOutlined',
            },
            'x-action-context': { dataSource: 'main', collection },
            properties: {
              drawer: {
                type: 'void',
                title: '{{ t("Add record") }}',
                'x-component': 'Action.Container',
                'x-component-props': { className: 'nb-action-popup' },
                properties: {
                  form: {
                    type: 'void',
                    'x-acl-action-props': { skipScopeCheck: true },
                    'x-acl-action': `${collection}:create`,
                    'x-decorator': 'FormBlockProvider',
                    'x-use-decorator-props': 'useCreateFormBlockDecoratorProps',
                    'x-decorator-props': { dataSource: 'main', collection },
                    'x-toolbar': 'BlockSchemaToolbar',
                    'x-settings': 'blockSettings:createForm',
                    'x-component': 'CardItem',
                    properties: {
                      form: {
                        type: 'void',
                        'x-component': 'FormV2',
                        'x-use-component-props': 'useCreateFormBlockProps',
                        properties: {
                          grid: {
                            type: 'void',
                            'x-component': 'Grid',
                            properties: {
                              [uid()]: row({ title: formField('title') }),
                              [uid()]: row({ amount: formField('amount') }),
                              [uid()]: row({ assignee: formField('assignee') }),
                            },
                          },
                          footer: {
                            type: 'void',
                            'x-component': 'ActionBar',
                            'x-component-props': { layout: 'one-column' },
                            properties: {
                              submit: {
                                title: '{{ t("Submit") }}',
                                'x-action': 'submit',
                                'x-component': 'Action',
                                'x-use-component-props': 'useCreateActionProps',
                                'x-toolbar': 'ActionSchemaToolbar',
                                'x-settings': 'actionSettings:createSubmit',
                                'x-component-props': { type: 'primary', htmlType: 'submit' },
                                'x-action-settings': { triggerWorkflows: [] },
                                type: 'void',
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      table: {
        type: 'array',
        'x-initializer': 'table:configureColumns',
        'x-component': 'TableV2',
        'x-use-component-props': 'useTableBlockProps',
        'x-component-props': { rowKey: 'id', rowSelection: { type: 'checkbox' } },
        properties: {
          [uid()]: column(collection, 'title'),
          [uid()]: column(collection, 'amount'),
          [uid()]: column(collection, 'assignee'),
        },
      },
    },
  };
}

/** Creates the page once (found again by its title); resolves to its path, `/admin/<page uid>`. */
export async function ensureOrderPage(api: NocoBaseApi, collection: string): Promise<string> {
  const [existing] = await api.call('desktopRoutes:list', { query: { filter: { title: PAGE_TITLE, type: 'page' } } });
  if (existing?.schemaUid) return `/admin/${existing.schemaUid}`;
  const pageUid = uid();
  const tabUid = uid();
  const tabName = uid();
  await api.call('uiSchemas:insert', {
    values: {
      type: 'void',
      'x-component': 'Page',
      'x-uid': pageUid,
      properties: {
        [tabName]: {
          type: 'void',
          'x-component': 'Grid',
          'x-initializer': 'page:addBlock',
          'x-uid': tabUid,
          'x-async': true,
          properties: {
            [uid()]: row({ [uid()]: detailsBlock(collection) }),
            [uid()]: row({ [uid()]: tableBlock(collection) }),
          },
        },
      },
    },
  });
  await api.call('desktopRoutes:create', {
    values: {
      type: 'page',
      title: PAGE_TITLE,
      icon: 'ShoppingCartOutlined',
      schemaUid: pageUid,
      menuSchemaUid: uid(),
      enableTabs: false,
      children: [{ type: 'tabs', schemaUid: tabUid, tabSchemaName: tabName, hidden: true }],
    },
  });
  return `/admin/${pageUid}`;
}
