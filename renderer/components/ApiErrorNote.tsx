import type { ReactNode } from 'react';
import type { ApiError } from '../api-client';

interface ApiErrorNoteProps {
  error: ApiError | null | undefined;
  /** Fields this form shows their own errors beside (through Field): an error for one of them is left to it. */
  fields?: readonly string[];
  /** Anything to add after the message, such as a link to where it can be put right. */
  children?: ReactNode;
}

/** An Api error in plain English, announced when it appears. */
export function ApiErrorNote({ error, fields = [], children }: ApiErrorNoteProps) {
  if (!error) return null;
  const field = error.info.field;
  if (field !== undefined && fields.includes(field)) return null;
  return (
    <p className="field-error" role="alert">
      {error.message}
      {children ? <> {children}</> : null}
    </p>
  );
}
