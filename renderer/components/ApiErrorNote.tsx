import type { ReactNode } from 'react';
import type { ApiError } from '../api-client';

interface ApiErrorNoteProps {
  /** The Api's error, or a message found before calling it (e.g. a form's check of its own fields). */
  error: ApiError | string | null | undefined;
  /** Fields this form shows their own errors beside (through Field): an error for one of them is left to it. */
  fields?: readonly string[];
  /** Anything to add after the message, such as a link to where it can be put right. */
  children?: ReactNode;
}

/** An error in plain English, announced when it appears. The one way the renderer shows one outside a Field. */
export function ApiErrorNote({ error, fields = [], children }: ApiErrorNoteProps) {
  if (!error) return null;
  const field = typeof error === 'string' ? undefined : error.info.field;
  if (field !== undefined && fields.includes(field)) return null;
  return (
    <p className="field-error" role="alert">
      {typeof error === 'string' ? error : error.message}
      {children ? <> {children}</> : null}
    </p>
  );
}
