import { useState } from 'react';
import type { ApiError } from './api-client';
import { useSuccesses } from './successes';
import { asApiError } from './use-api';

export type FieldErrors = Record<string, string>;

/** Errors for a form: by field where the Api (or the form's own check) names one, otherwise one error for the form. */
export function useFormErrors() {
  // The errors, with how many actions had succeeded when they came: they show until another one succeeds.
  const [failed, setFailed] = useState<{ errors: FieldErrors; formError: ApiError | null; at: number }>({ errors: {}, formError: null, at: 0 });
  const successes = useSuccesses((s) => s.count);
  const current = failed.at === successes;
  const set = (errors: FieldErrors, formError: ApiError | null) => setFailed({ errors, formError, at: useSuccesses.getState().count });
  return {
    errors: current ? failed.errors : {},
    /** For ApiErrorNote. */
    formError: current ? failed.formError : null,
    setErrors: (errors: FieldErrors) => set(errors, null),
    clear: () => set({}, null),
    /** Runs a submit; returns true when it succeeded. */
    run: async (submit: () => Promise<unknown>): Promise<boolean> => {
      set({}, null);
      try {
        await submit();
        return true;
      } catch (e) {
        const error = asApiError(e);
        if (error.info.field) set({ [error.info.field]: error.message }, null);
        else set({}, error);
        return false;
      }
    },
  };
}
