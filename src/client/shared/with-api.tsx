/** Binds NocoBase's API client to a component that takes it as a prop (the seam tests use). */
import React, { type ComponentType, type ReactElement } from 'react';
import type { ApiClientLike } from './api';

export function withApi<P extends { api?: ApiClientLike }>(Component: ComponentType<P>, api: ApiClientLike) {
  function WithApi(props: Omit<P, 'api'>): ReactElement {
    return <Component {...(props as P)} api={api} />;
  }
  WithApi.displayName = `WithApi(${Component.displayName || Component.name || 'Component'})`;
  return WithApi;
}
