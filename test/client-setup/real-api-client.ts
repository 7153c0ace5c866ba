/**
 * NocoBase's real API client (`@nocobase/sdk`, the class under both the v1 and the v2 `app.apiClient`) with
 * only the server faked, as an axios adapter: `wecom:handoff` gets `answer`, the URLs of `options.answers` theirs
 * (given the request), everything else `{ data: {} }`.
 */
import { APIClient } from '@nocobase/sdk';

export interface SentRequest {
  method: string;
  url: string;
  params: Record<string, string> | undefined;
  data: any;
  headers: Record<string, string>;
}

export type Answer = { status: number; data: unknown; headers?: Record<string, string> } | Error;

export function realApiClient(
  answer: () => Answer | Promise<Answer>,
  options: { appName?: string; answers?: Record<string, (request: SentRequest) => Answer> } = {},
) {
  const { answers = {}, ...clientOptions } = options;
  const sent: SentRequest[] = [];
  const adapter = async (config: any) => {
    const headers = typeof config.headers?.toJSON === 'function' ? config.headers.toJSON() : { ...config.headers };
    const request: SentRequest = {
      method: config.method,
      url: config.url,
      params: config.params,
      data: config.data ? JSON.parse(config.data) : undefined,
      headers,
    };
    sent.push(request);
    const result =
      config.url === 'wecom:handoff'
        ? await answer()
        : (answers[config.url]?.(request) ?? { status: 200, data: { data: {} } });
    if (result instanceof Error) throw result;
    const response = { data: result.data, status: result.status, statusText: '', headers: {}, config };
    if (result.headers) response.headers = result.headers;
    if (result.status >= 400) {
      throw Object.assign(new Error(`Request failed with status code ${result.status}`), {
        config,
        response,
        status: result.status,
      });
    }
    return response;
  };
  const apiClient = new APIClient({ baseURL: '/api/', adapter, ...clientOptions } as any);
  const events: CustomEvent[] = [];
  const eventBus = new EventTarget();
  eventBus.addEventListener('auth:tokenChanged', (event) => events.push(event as CustomEvent));
  (apiClient as any).app = { eventBus }; // as NocoBase's Application does: `apiClient.app = this`
  return { apiClient, sent, events };
}

export const answerToken =
  (token = 'jwt.of.the.member') =>
  (): Answer => ({ status: 200, data: { data: { token } } });

export const answerError = (code: string) => (): Answer => ({
  status: 400,
  data: { errors: [{ message: 'Localized text', code }] },
});
