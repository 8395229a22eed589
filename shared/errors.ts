/** Stable error codes that cross the Api unchanged; the message is for the secretary. */
export type ErrorCode =
  | 'invalid-input'
  | 'invalid-file'
  | 'unknown-method'
  | 'not-found'
  | 'duplicate-name'
  | 'no-clp'
  | 'no-ballot'
  | 'invalid-rules'
  | 'invalid-dates'
  | 'unit-not-eligible'
  | 'no-snapshot'
  | 'not-eligible'
  | 'already-checked-in'
  | 'confirmation-mismatch'
  | 'meeting-closed'
  | 'meeting-has-checkins'
  | 'no-meeting'
  | 'result-from-meeting'
  | 'unsaved-edits'
  | 'key-locked'
  | 'report-invalid'
  | 'report-final'
  | 'has-decisions'
  | 'unit-withdrawn'
  | 'result-from-decision'
  | 'backup-unusable'
  | 'backup-failed'
  | 'backup-other-store'
  | 'already-purged'
  | 'disk-full'
  | 'store-read-only'
  | 'store-busy'
  | 'store-locked'
  | 'store-too-new'
  | 'store-unreadable'
  | 'record-differs'
  | 'store-closed'
  | 'wrong-passphrase'
  | 'internal';

export interface TellerErrorInfo {
  code: ErrorCode;
  message: string;
  /** The form field the message belongs next to, e.g. "freezeDate" or "rules.threshold". */
  field?: string;
}

export class TellerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'TellerError';
  }

  toInfo(): TellerErrorInfo {
    return this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field };
  }
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: TellerErrorInfo };
