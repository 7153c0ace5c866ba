/** How a binding came to be (`meta.linkedBy`), in words: the admins' Linked users and the user's own entry. */
import type { Translate } from '../locale';

/** The words (locale keys) for each `meta.linkedBy`. */
export const LINKED_BY_LABELS: Record<string, string> = {
  phone: 'Mobile number match',
  email: 'Email match',
  username: 'Username match',
  signup: 'Auto-signup',
  link: 'Linked by the user',
  confirmed: 'Confirmed by the user after signing in',
  sync: 'Contacts sync',
};

export function howLinked(t: Translate, linkedBy: string | null | undefined): string {
  const label = linkedBy ? LINKED_BY_LABELS[linkedBy] : undefined;
  return label ? t(label) : '—';
}
