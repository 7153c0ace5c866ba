/** Binds NocoBase's API client (and any other fixed props) to a component that takes it as a prop (the seam tests use). */
import React, { type ComponentType, type ReactElement } from 'react';
import type { ApiClientLike } from './api';

export function withApi<P extends { api?: ApiClientLike }, F extends Partial<Omit<P, 'api'>> = {}>(
  Component: ComponentType<P>,
  api: ApiClientLike,
  fixed?: F,
) {
  function WithApi(props: Omit<P, 'api' | keyof F>): ReactElement {
    return <Component {...(props as P)} {...fixed} api={api} />;
  }
  WithApi.displayName = `WithApi(${Component.displayName || Component.name || 'Component'})`;
  return WithApi;
}
