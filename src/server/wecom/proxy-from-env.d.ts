/** The one function of `proxy-from-env` (the package ships no types): the proxy URL for `url`, '' for none. */
declare module 'proxy-from-env' {
  export function getProxyForUrl(url: string | URL): string;
}
