import { useState } from 'react';
import { ApiError } from './api-client';

export type FieldErrors = Record<string, string>;

/** Errors for a form: by field where the Api names one, otherwise one message for the form. */
export function useFormErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  return {
    errors,
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
        if (e instanceof ApiError && e.info.field) setErrors({ [e.info.field]: e.message });
        else setFormError(e instanceof Error ? e.message : String(e));
        return false;
      }
    },
  };
}
