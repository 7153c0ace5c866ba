/** Where the browser goes; `window.location` in the page, a fake in tests. */
export interface Navigation {
  assign(url: string): void;
  replace(url: string): void;
}
