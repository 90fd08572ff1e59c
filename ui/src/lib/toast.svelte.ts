// Short result messages, HES style ("The license settings have been updated.").
import type { AppError } from './bindings/AppError';
import { localizeError } from './i18n.svelte';
export type ToastKind = 'success' | 'error' | 'info';
/** A text, or how to word it: a function is read when shown, so a toast follows a language switch. */
export type ToastText = string | (() => string);
export interface ToastItem {
  id: number;
  kind: ToastKind;
  message: ToastText;
  hint?: ToastText | (() => string | undefined);
}

/** The words of a toast's message or hint now. */
export function toastText(v: ToastItem['message'] | ToastItem['hint']): string | undefined {
  return typeof v === 'function' ? v() : v;
}

let next = 1;
export const toasts = $state<ToastItem[]>([]);

export function dismiss(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

export function toast(message: ToastText, kind: ToastKind = 'success', hint?: ToastItem['hint']): void {
  const id = next++;
  toasts.push({ id, kind, message, hint });
  while (toasts.length > 3) toasts.shift();
  setTimeout(() => dismiss(id), kind === 'error' ? 8000 : 4000);
}

/** A failed command as an error toast, in the UI's language (by its stable code). `wrap` frames the message. */
export function toastError(err: AppError, wrap: (message: string) => string = (m) => m): void {
  toast(
    () => wrap(localizeError(err).message),
    'error',
    () => localizeError(err).hint,
  );
}
