import { z } from 'zod';
import { isIsoDate } from '../dates';

/* The fields many methods' inputs share, with their plain-English refusals. */

export const name = (what: string) =>
  z
    .string({ error: `${what} is required.` })
    .trim()
    .min(1, { error: `${what} is required.` })
    .max(120, { error: `${what} must be 120 characters or fewer.` })
    .refine((s) => !/\p{Cc}/u.test(s), { error: `${what} cannot contain control characters.` });

export const isoDate = (what: string) =>
  z.string({ error: `${what} is required.` }).refine(isIsoDate, { error: `${what} must be a real date.` });

export const id = z.number({ error: 'An id is required.' }).int().positive();

export const fileId = z.string().regex(/^[a-f0-9]{32}$/, { error: 'Choose the file again.' });

export const fraction = (what: string) => z.string({ error: `${what} is required.` }).trim().regex(/^\d{1,18}\/\d{1,18}$/, { error: `${what} must be a fraction such as 1/3.` });

export const empty = z.strictObject({});
