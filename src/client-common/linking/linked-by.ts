/** How a binding came to be (`meta.linkedBy`), in words: the admins' Linked users and the user's own entry. */
import type { Translate } from '../locale';

export function howLinked(t: Translate, linkedBy: string | null | undefined): string {
  switch (linkedBy) {
    case 'phone':
      return t('Mobile number match');
    case 'email':
      return t('Email match');
    case 'username':
      return t('Username match');
    case 'signup':
      return t('Auto-signup');
    case 'link':
      return t('Linked by the user');
    case 'confirmed':
      return t('Confirmed by the user after signing in');
    case 'sync':
      return t('Contacts sync');
    default:
      return '—';
  }
}
