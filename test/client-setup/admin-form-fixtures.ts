/** The Advanced section's two groups of boxes, as a person uses them; the v1 and v2 form tests share these steps. */
import { act, fireEvent, within } from '@testing-library/react';

/** "Match existing users by" and "Update from WeCom at each sign-in", in the order the form shows them. */
export function boxGroups(container: HTMLElement) {
  const [matchBy, syncProfile] = Array.from(container.querySelectorAll<HTMLElement>('.ant-checkbox-group'));
  return { matchBy: within(matchBy), syncProfile: within(syncProfile) };
}

const isTicked = (group: ReturnType<typeof within>, label: string) =>
  (group.getByLabelText(label) as HTMLInputElement).checked;

/** A new authenticator: mobile ticked, no profile field. Then ticks username, nickname and email, one at a time. */
export function tickUsernameNicknameEmail(container: HTMLElement) {
  const { matchBy, syncProfile } = boxGroups(container);
  expect(isTicked(matchBy, 'Mobile number')).toBe(true);
  expect(isTicked(syncProfile, 'Nickname')).toBe(false);
  act(() => void fireEvent.click(matchBy.getByLabelText('WeCom userid as username')));
  act(() => void fireEvent.click(syncProfile.getByLabelText('Nickname')));
  act(() => void fireEvent.click(syncProfile.getByLabelText('Email')));
}

/** Saved settings `matchBy: ['email'], syncProfile: ['avatar']` as the boxes show them. */
export const SAVED_BOXES = { matchBy: ['email'], syncProfile: ['avatar'] };
export function expectSavedBoxesShown(container: HTMLElement) {
  const { matchBy, syncProfile } = boxGroups(container);
  expect(isTicked(matchBy, 'Mobile number')).toBe(false);
  expect(isTicked(matchBy, 'Email')).toBe(true);
  expect(isTicked(syncProfile, 'Avatar')).toBe(true);
}
