import { z } from 'zod';
import { id, isoDate } from './fields';

/* Complaints about the ballot: logged, referred, resolved or dismissed. */

const complaintCategorySchema = z.enum(['eligibility', 'impersonation', 'electoral-register', 'procedure', 'conduct', 'other']);

const complaintStatusSchema = z.enum(['open', 'referred', 'resolved', 'dismissed']);

export const complaintSchema = z.strictObject({
  id: z.number().int(),
  /** The reference to quote, e.g. "C-0007": made from the id, so it never changes. */
  reference: z.string(),
  receivedOn: z.string(),
  complainant: z.string().nullable(),
  contact: z.string().nullable(),
  about: z.string(),
  meetingId: z.number().int().nullable(),
  category: complaintCategorySchema,
  summary: z.string(),
  status: complaintStatusSchema,
  outcome: z.string().nullable(),
  outcomeOn: z.string().nullable(),
});

/** What is logged of a complaint, and what a correction may change. */
const complaintFields = {
  receivedOn: isoDate('The date received'),
  complainant: z.string().trim().max(120),
  contact: z.string().trim().max(200),
  about: z.string().trim().min(1, { error: 'Say what the complaint is about.' }).max(200),
  meetingId: id.nullable(),
  category: complaintCategorySchema,
  summary: z.string().trim().min(1, { error: 'Write a short summary.' }).max(4000),
};

/** Complaints. */
export const complaintsApi = {
  listComplaints: {
    input: z.strictObject({ status: complaintStatusSchema.nullable(), category: complaintCategorySchema.nullable() }),
    output: z.array(complaintSchema),
  },
  logComplaint: {
    input: z.strictObject(complaintFields),
    output: complaintSchema,
  },
  /** Corrects what was logged (the wrong meeting, date or category), with the reason for the audit trail. */
  editComplaint: {
    input: z.strictObject({
      id,
      ...complaintFields,
      reason: z.string().trim().min(1, { error: 'Say why the complaint is being changed.' }).max(1000),
    }),
    output: complaintSchema,
  },
  updateComplaint: {
    input: z.strictObject({
      id,
      status: complaintStatusSchema,
      outcome: z.string().trim().max(4000),
      outcomeOn: isoDate('The date of the outcome').nullable(),
    }),
    output: complaintSchema,
  },
} as const;

export type Complaint = z.output<typeof complaintSchema>;
