import type { z } from 'zod';
import { auditApi } from './audit';
import { backupsApi } from './backups';
import { complaintsApi } from './complaints';
import { doorDeskApi } from './door-desk';
import { electoralRegisterApi } from './electoral-register';
import { meetingsApi } from './meetings';
import { membersApi } from './members';
import { regionApi } from './region';
import { setupApi } from './setup';
import { signingApi } from './signing';
import { storeAccessApi } from './store-access';

/*
 * The Api contract: the methods of every domain, each with its input and output schemas, as
 * one table. Both hosts (Electron IPC and the local browser host) and the command line are
 * generated from it, and every call's input is validated against its schema before it reaches db/.
 * A new method goes in its domain's module here and in that domain's handler module in db/.
 */

/** A domain's table of methods. */
export type MethodTable = Record<string, { input: z.ZodType; output: z.ZodType }>;

/** What db/ implements for a table: one function per method, taking validated input. */
export type HandlersOf<T extends MethodTable> = { [K in keyof T]: (input: z.output<T[K]['input']>) => z.output<T[K]['output']> };

/** `true` when no method name is in two of the tables; otherwise names the first it finds twice. */
export type DisjointTables<T extends readonly object[], Seen extends PropertyKey = never> = T extends readonly [infer Head, ...infer Rest extends readonly object[]]
  ? [keyof Head & Seen] extends [never]
    ? DisjointTables<Rest, Seen | keyof Head>
    : { inTwoDomains: keyof Head & Seen }
  : true;

type Domains = [typeof setupApi, typeof membersApi, typeof electoralRegisterApi, typeof doorDeskApi, typeof meetingsApi, typeof complaintsApi, typeof signingApi, typeof regionApi, typeof backupsApi, typeof auditApi, typeof storeAccessApi];
// A method declared by two domains would silently lose one of them in the table below.
const methodsDeclaredOnce: DisjointTables<Domains> = true;
void methodsDeclaredOnce;

export const apiMethods = { ...setupApi, ...membersApi, ...electoralRegisterApi, ...doorDeskApi, ...meetingsApi, ...complaintsApi, ...signingApi, ...regionApi, ...backupsApi, ...auditApi, ...storeAccessApi };

type ApiMethods = typeof apiMethods;
export type MethodName = keyof ApiMethods;
export type ApiInput<K extends MethodName> = z.input<ApiMethods[K]['input']>;
export type ApiParsedInput<K extends MethodName> = z.output<ApiMethods[K]['input']>;
export type ApiOutput<K extends MethodName> = z.output<ApiMethods[K]['output']>;

/** What db/ implements: one function per method, taking validated input. */
export type ApiHandlers = HandlersOf<ApiMethods>;

export const METHOD_NAMES = Object.keys(apiMethods) as MethodName[];

export function isMethodName(x: unknown): x is MethodName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(apiMethods, x);
}

export type { AuditEntry, AuditKind, AuditLine, AuditVerdict, RecordDifference, ReportHeadCheck } from './audit';
export type { Backup, DataPlace } from './backups';
export type { Complaint } from './complaints';
export type { Desk, DeskCounts, DeskEntry, DeskMember } from './door-desk';
export type { MatchSummary, RegisterMatchExportRow, RegisterMatchRow } from './electoral-register';
export type { MeetingFigures, MeetingSummary, MeetingView, OnlineMeeting, OnlineParticipant } from './meetings';
export type { ImportPreview, Job, ListKind, MemberListing, Snapshot } from './members';
export type { ReceivedFile, Region, RegionClp, RegionOffice, RegionRow, ReportImportRow, TrustedKeyRow, TrustKeyCheck } from './region';
export type { Affiliate, AffiliateKind, Ballot, Branch, Eligibility, PurgeRecord, StartChecklist, TellerState } from './setup';
export type { ExportedReportInfo, KeyInfo, ReportChecklist, Signing } from './signing';
export type { StoreAccess } from './store-access';
