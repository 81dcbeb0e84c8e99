/** One message at the bottom of the window, with an optional action such as Undo. */
export interface ToastMessage {
  text: string;
  action?: { label: string; run: () => void };
  error?: boolean;
}

/** How long a message (and its Undo) stays. */
export const TOAST_MS = 8000;
