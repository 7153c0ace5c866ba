/** Shared by the v1 and v2 tests of "Check setup": a server answer, a fake API client, the lines as shown. */
/** What the server answers for a WeCom console with a port in the trusted domain and a closed visible range. */
export const ANSWER = {
  lines: [
    { check: 'credentials', status: 'ok' },
    { check: 'trustedIp', status: 'ok' },
    { check: 'agent', status: 'ok' },
    {
      check: 'trustedDomain',
      status: 'fail',
      message: 'trustedDomainMismatch',
      params: { actual: 'nb.example.com:443', expected: 'nb.example.com' },
    },
    { check: 'homepage', status: 'ok' },
    { check: 'visibleRange', status: 'fail', message: 'emptyRange', params: {} },
  ],
};

/** A fake of NocoBase's API client that answers the check (or fails as the server does on a 429). */
export function fakeApi(answer: { data?: unknown; error?: unknown }) {
  return {
    axios: { defaults: { baseURL: '/api/' } },
    request: jest.fn(async () => {
      if (answer.error) throw answer.error;
      return { data: { data: answer.data } };
    }),
  };
}

/** The ✓/✗ lines as the admin reads them. */
export function shownLines(container: HTMLElement) {
  return Array.from(container.querySelectorAll('li[data-status]')).map((li) =>
    Array.from(li.children)
      .map((part) => part.textContent?.replace(/\s+/g, ' ').trim())
      .join(' '),
  );
}
