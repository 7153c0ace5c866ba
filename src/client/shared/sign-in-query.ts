/** What the sign-in page's query string tells this plugin. */
export interface SignInQuery {
  /** Where NocoBase wants to go after sign-in (`?redirect=`), passed on to the server as is. */
  redirect: string | null;
  /** A failed callback's message (`?error=`, already localized by the server). */
  error: string | null;
  /** The authenticator the error belongs to (`?authenticator=`). */
  authenticator: string | null;
}

export function readSignInQuery(search: string): SignInQuery {
  const query = new URLSearchParams(search);
  return {
    redirect: query.get('redirect') || null,
    error: query.get('error') || null,
    authenticator: query.get('authenticator') || null,
  };
}

/** The callback error meant for the authenticator `name`, if the URL carries one. */
export function callbackErrorFor(query: SignInQuery, name: string): string | null {
  return query.error && query.authenticator === name ? query.error : null;
}
