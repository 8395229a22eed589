import { create } from 'zustand';

/*
 * How many actions have succeeded in this window. A form's error is about the attempt that
 * failed: once anything later succeeds (this form or another), the error is out of date and
 * goes. Counted apart from the app store so the error hooks can follow it without an import cycle.
 */
export const useSuccesses = create<{ count: number }>(() => ({ count: 0 }));

/** Marks an action as done: every error shown before it is cleared. */
export function noteSuccess(): void {
  useSuccesses.setState((s) => ({ count: s.count + 1 }));
}
