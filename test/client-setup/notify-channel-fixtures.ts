/** What `authenticators:publicList` answers in the channel form tests: WeCom authenticators among others. */
export const PUBLIC_AUTHENTICATORS = [
  { name: 'basic', authType: 'Email/Password', title: 'Password' },
  { name: 'wecom', authType: 'wecom', title: 'WeCom' },
  { name: 'sms', authType: 'SMS', title: 'SMS' },
  { name: 'wecom_branch', authType: 'wecom', title: 'Branch office' },
];

/** An API client whose public list of authenticators is `list`; records the URLs asked. */
export function publicListApi(list: unknown[] = PUBLIC_AUTHENTICATORS) {
  const urls: string[] = [];
  return {
    urls,
    request: async ({ url }: { url: string }) => {
      urls.push(url);
      return { data: { data: url === 'authenticators:publicList' ? list : {} } };
    },
  };
}

/** The labels an open antd Select shows. */
export function optionLabels(): string[] {
  return Array.from(document.querySelectorAll('.ant-select-item-option-content')).map((node) => node.textContent ?? '');
}
