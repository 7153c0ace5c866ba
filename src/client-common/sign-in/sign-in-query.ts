/** What the sign-in page's query string tells this plugin. */
export interface SignInQuery {
  /** Where NocoBase wants to go after sign-in (`?redirect=`), passed on to the server as is. */
  redirect: string | null;
  /**
   * A failed callback's message id (`?error=`). Only its presence is read here; the text shown for it comes
   * from `callback-error.ts`, never from the URL.
   */
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
