import { z } from 'zod';
import { empty } from './fields';
import { stateSchema } from './setup';

/* Backups of the store: listed, made on request, saved elsewhere, restored. */

const backupSchema = z.strictObject({ name: z.string(), createdAt: z.string(), bytes: z.number().int() });

/** One place Teller keeps personal data (or a copy of the store): what it is, where, how big, when last written. */
const dataPlaceSchema = z.strictObject({
  what: z.string(),
  /** The file or folder; null for places Teller does not know (copies the user saved elsewhere). */
  path: z.string().nullable(),
  files: z.number().int(),
  bytes: z.number().int(),
  /** The newest file's time (null: nothing there). */
  modifiedAt: z.string().nullable(),
  /** The oldest file's time, for folders of copies. */
  oldestAt: z.string().nullable(),
  note: z.string(),
});

/** Backups, and every place the store's personal data is kept. */
export const backupsApi = {
  listBackups: { input: empty, output: z.array(backupSchema) },
  backupNow: { input: empty, output: z.array(backupSchema) },
  readBackup: {
    input: z.strictObject({ name: z.string().regex(/^[\w.-]+\.sqlite$/, { error: 'Choose a backup from the list.' }) }),
    output: z.strictObject({ name: z.string(), base64: z.string() }),
  },
  /** What restoring a backup would undo, before anything is replaced: the reports already issued it goes back behind. */
  checkRestore: {
    input: z.strictObject({ name: z.string().regex(/^[\w.-]+\.sqlite$/, { error: 'Choose a backup from the list.' }) }),
    output: z.strictObject({
      /** Revisions of reports issued since the backup: restoring then needs RESTORE typed. */
      reportsNotReached: z.array(z.number().int()),
      /** Entries of the audit trail the restored record will lack (the restore names each in its own entry). */
      lostEntries: z.number().int(),
      /** What the screen says when the restore goes back behind an issued report, as the refusal says it; null otherwise. */
      warning: z.string().nullable(),
    }),
  },
  restoreBackup: {
    input: z.strictObject({
      name: z.string().regex(/^[\w.-]+\.sqlite$/, { error: 'Choose a backup from the list.' }),
      /** Typed by the user (RESTORE) to restore a backup from before a report already issued. */
      confirm: z.string().max(50).optional(),
    }),
    output: stateSchema,
  },
  /** Every place this store's data is kept: the store, its backups, files waiting to be imported, copies saved elsewhere. */
  personalDataPlaces: { input: empty, output: z.array(dataPlaceSchema) },
} as const;

export type Backup = z.output<typeof backupSchema>;
export type DataPlace = z.output<typeof dataPlaceSchema>;
