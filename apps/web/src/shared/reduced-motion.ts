/**
 * The operating system's "reduce motion" setting (WCAG 2.3.3). People who get dizzy from animation
 * switch it on; both UI kits then open and close dialogs, menus and pickers without animating
 * (antd through its `motion` token, antd-mobile through `reduceMotion()`). Read once at start-up:
 * the setting rarely changes while a page is open, and a reload picks up a change.
 */
export function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
