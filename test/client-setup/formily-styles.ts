/**
 * jsdom's selector engine chokes on a selector of formily's styles when antd measures an element (a dropdown's
 * position, a modal's scroll lock): such a measure gets an empty style instead of throwing. Call in a test file.
 */
export function tolerateFormilyStyles() {
  const computedStyle = window.getComputedStyle.bind(window);
  beforeAll(() => {
    jest.spyOn(window, 'getComputedStyle').mockImplementation((element, pseudo) => {
      try {
        return computedStyle(element, pseudo);
      } catch {
        return document.createElement('div').style;
      }
    });
  });
}
