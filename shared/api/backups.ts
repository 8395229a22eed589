import { z } from 'zod';
import { empty } from './fields';
import { stateSchema } from './setup';

/* Backups of the store: listed, made on request, saved elsewhere, restored. */

const backupSchema = z.strictObject({ name: z.string(), createdAt: z.string(), bytes: z.number().int() });

/** Backups. */
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
} as const;

export type Backup = z.output<typeof backupSchema>;
