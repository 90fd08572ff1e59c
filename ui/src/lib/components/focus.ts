// Focus helpers for dialogs and menus.
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => el.offsetParent !== null || el === document.activeElement,
  );
}

/** Keep Tab and Shift+Tab inside `root`. Returns true when it moved the focus. */
export function trapTab(e: KeyboardEvent, root: HTMLElement): boolean {
  if (e.key !== 'Tab') return false;
  const list = focusables(root);
  if (list.length === 0) {
    e.preventDefault();
    return true;
  }
  const first = list[0];
  const last = list[list.length - 1];
  const active = document.activeElement as HTMLElement | null;
  if (e.shiftKey && (active === first || !root.contains(active))) {
    e.preventDefault();
    last.focus();
    return true;
  }
  if (!e.shiftKey && (active === last || !root.contains(active))) {
    e.preventDefault();
    first.focus();
    return true;
  }
  return false;
}

/** Give the focus back to the element that opened a dialog, or to the section heading. */
export function restoreFocus(opener: Element | null): void {
  const target =
    opener instanceof HTMLElement && opener.isConnected && !opener.closest('[hidden]')
      ? opener
      : document.querySelector<HTMLElement>('main h2[tabindex="-1"]');
  target?.focus();
}

/**
 * Open `dialog` as a modal and focus `initial` (or its first focusable element). Returns the
 * clean-up for the dialog's unmount: close it and give the focus back to whatever opened it.
 */
export function openModal(dialog: HTMLDialogElement, initial?: HTMLElement): () => void {
  const opener = document.activeElement;
  dialog.showModal();
  (initial ?? focusables(dialog)[0])?.focus();
  return () => {
    if (dialog.open) dialog.close();
    restoreFocus(opener);
  };
}

/** A modal's keys: Esc calls `onescape` (and goes no further), Tab stays inside. */
export function modalKeydown(e: KeyboardEvent, dialog: HTMLElement | undefined, onescape: () => void): void {
  if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    onescape();
    return;
  }
  if (dialog) trapTab(e, dialog);
}
