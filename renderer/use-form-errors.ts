import { useState } from 'react';
import type { ApiError } from './api-client';
import { asApiError } from './use-api';

export type FieldErrors = Record<string, string>;

/** Errors for a form: by field where the Api (or the form's own check) names one, otherwise one error for the form. */
export function useFormErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<ApiError | null>(null);
  return {
    errors,
    /** For ApiErrorNote. */
    formError,
    setErrors,
    clear() {
      setErrors({});
      setFormError(null);
    },
    /** Runs a submit; returns true when it succeeded. */
    async run(submit: () => Promise<unknown>): Promise<boolean> {
      setErrors({});
      setFormError(null);
      try {
        await submit();
        return true;
      } catch (e) {
        const error = asApiError(e);
        if (error.info.field) setErrors({ [error.info.field]: error.message });
        else setFormError(error);
        return false;
      }
    },
  };
}
