import { z } from 'zod';
import { jobSchema } from './api/jobs';

/**
 * What the service pushes to whoever shows its data, beside the answers to calls: the data
 * changed (by this window, another window or the command line), or a long job moved on.
 */
export const apiEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('changed') }),
  z.strictObject({ kind: z.literal('job'), job: jobSchema }),
]);

export type ApiEvent = z.output<typeof apiEventSchema>;
