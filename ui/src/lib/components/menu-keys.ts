// Keyboard and pointer handling shared by the app's menu buttons (MenuButton, the header's
// ConnectionSwitcher), after the WAI-ARIA menu button pattern: ArrowDown/ArrowUp on the button open
// the menu on its first/last item; in the menu the arrows wrap, Home/End jump, Esc closes and
// returns the focus to the button, Tab closes and lets the focus move on.

/** The menu's items (`menuitem`, `menuitemradio`, `menuitemcheckbox`) in order. */
export function menuItems(menu: HTMLElement | undefined): HTMLElement[] {
  return menu ? Array.from(menu.querySelectorAll<HTMLElement>('[role^="menuitem"]')) : [];
}

/** On the closed menu's button: open with the focus on item `index` (-1: the last). */
export function onMenuButtonKey(e: KeyboardEvent, open: (index: number) => void): void {
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    open(0);
  } else if (e.key === 'ArrowUp') {
    e.preventDefault();
    open(-1);
  }
}

/** In the open menu; `close(focusButton)` closes it. */
export function onMenuKey(e: KeyboardEvent, menu: HTMLElement | undefined, close: (focusButton: boolean) => void): void {
  const list = menuItems(menu);
  const i = list.indexOf(document.activeElement as HTMLElement);
  const focus = (k: number) => list[(k + list.length) % list.length]?.focus();
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    focus(i + 1);
  } else if (e.key === 'ArrowUp') {
    e.preventDefault();
    focus(i - 1);
  } else if (e.key === 'Home') {
    e.preventDefault();
    focus(0);
  } else if (e.key === 'End') {
    e.preventDefault();
    focus(-1);
  } else if (e.key === 'Escape') {
    e.preventDefault();
    close(true);
  } else if (e.key === 'Tab') {
    close(false);
  }
}

/** Whether a pointer press landed outside the menu and its button (then the menu closes). */
export function pressedOutside(e: PointerEvent, ...inside: Array<HTMLElement | undefined>): boolean {
  const t = e.target as Node;
  return !inside.some((el) => el?.contains(t));
}
