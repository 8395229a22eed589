import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ApiHandlers, Desk, Job, ListKind, Snapshot, TellerState } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { formatUkDate } from '../../shared/dates';
import { statusWords } from '../../shared/register/eligibility';
import { guessMapping, MEMBER_FIELD_LABEL, mappingProblems } from '../../shared/register/member-fields';
import { guessRegisterMapping, REGISTER_FIELD_LABEL, registerMappingProblems } from '../../shared/register/register-fields';
import { matchSummary, registerMatches, runCrossMatch } from './register-match';
import type { ClpStore, WriteContext } from '../clp-store';
import type { DoorDesk } from './door-desk';
import { runImportJob, type ImportJobInput, type ImportJobMessage } from './import-worker';
import { checkMembershipFile, checkRegisterFile, readCsvFile } from './csv-import';
import { purgePersonalData } from './purge';
import type { StagedFiles } from './staged-files';

type RegisterMethods =
  | 'listSnapshots'
  | 'previewImport'
  | 'startImport'
  | 'crossMatchRegister'
  | 'getMatchSummary'
  | 'listRegisterMatches'
  | 'getJob'
  | 'useSnapshot'
  | 'saveEligibility'
  | 'openDoorDesk'
  | 'getDesk'
  | 'searchMembers'
  | 'recordCheckin'
  | 'recordWalkIn'
  | 'purgePersonalData';

export interface RegisterContext extends WriteContext {
  store: () => ClpStore;
  desk: () => DoorDesk;
  state: () => TellerState;
  staged: StagedFiles;
  /** The built import worker; without one, imports run in this thread (tests, command line). */
  importWorker?: string | undefined;
}

/** A mapping whose every entry is a field of the list (or null); anything else is refused. */
function checkedMapping<F extends string>(mapping: readonly (string | null)[], fields: Record<F, string>): (F | null)[] {
  return mapping.map((m) => {
    if (m === null) return null;
    if (!Object.prototype.hasOwnProperty.call(fields, m)) throw new TellerError('invalid-input', `"${m}" is not a field Teller knows.`, 'mapping');
    return m as F;
  });
}

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function snapshots(store: ClpStore, kind: ListKind): Snapshot[] {
  const rows = store.db.prepare(`SELECT * FROM ${kind === 'members' ? 'member_snapshot' : 'register_snapshot'} ORDER BY id DESC`).all() as {
    id: number;
    imported_at: string;
    file_name: string;
    sha256: string;
    encoding: string;
    rows: number;
    imported: number;
    rejected: string;
    ignored_columns: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    importedAt: r.imported_at,
    fileName: r.file_name,
    sha256: r.sha256,
    encoding: r.encoding,
    rows: r.rows,
    imported: r.imported,
    rejected: JSON.parse(r.rejected) as Snapshot['rejected'],
    ignoredColumns: JSON.parse(r.ignored_columns) as string[],
  }));
}

/** Chooses the membership snapshot a ballot uses (audited). */
function useSnapshot(store: ClpStore, snapshotId: number): void {
  const ballot = store.ballot();
  if (!ballot) throw new TellerError('no-ballot', 'Set up the trigger ballot first.');
  if (!store.db.prepare('SELECT 1 FROM member_snapshot WHERE id = ?').get(snapshotId)) throw new TellerError('not-found', 'That membership snapshot no longer exists.');
  store.change('ballot.use-snapshot', 'ballot', () => {
    store.db.prepare('UPDATE ballot SET snapshot_id = ? WHERE id = ?').run(snapshotId, ballot.id);
    return { entityId: ballot.id, before: { snapshotId: ballot.snapshotId }, after: { snapshotId } };
  });
}

/** The Api methods of the membership register and the door desk. */
export function registerHandlers(ctx: RegisterContext): Pick<ApiHandlers, RegisterMethods> {
  const jobs = new Map<string, Job>();
  const stamp = () => `${ctx.now().toISOString().slice(0, 19)}Z`;

  const finish = (job: Job, m: ImportJobMessage, fileId: string, kind: ListKind) => {
    if (m.type === 'progress') Object.assign(job, { phase: m.phase, done: m.done, total: m.total });
    if (m.type === 'failed') Object.assign(job, { state: 'failed', message: m.message });
    if (m.type === 'done') {
      const what = kind === 'members' ? 'members' : 'electoral register entries';
      Object.assign(job, { state: 'done', phase: 'Imported', done: m.imported, total: m.imported, snapshotId: m.snapshotId, message: `${m.imported} ${what} imported.` });
      const store = ctx.store();
      // The first list a ballot gets is used at once; a later one never silently replaces it.
      if (kind === 'members' && store.ballot()?.snapshotId === null) useSnapshot(store, m.snapshotId);
      ctx.desk().forgetIndex();
    }
    if (m.type !== 'progress') ctx.staged.discard(fileId);
  };

  const desk = (meetingId: number): Desk => {
    const d = ctx.desk();
    const meeting = d.meeting(meetingId);
    const ballot = ctx.store().ballot();
    const size = ballot?.snapshotId
      ? (ctx.store().db.prepare('SELECT COUNT(*) AS n FROM member WHERE snapshot_id = ?').get(ballot.snapshotId) as { n: number }).n
      : 0;
    return {
      meeting: { id: meeting.id, branchId: meeting.branch_id, branch: meeting.branch_name, date: meeting.date },
      counts: d.counts(meetingId),
      entries: d.entries(meetingId),
      snapshotSize: size,
    };
  };

  return {
    listSnapshots: ({ kind }) => snapshots(ctx.store(), kind),

    previewImport: ({ kind, fileId, mapping }) => {
      const file = ctx.staged.get(fileId);
      const csv = readCsvFile(file.path);
      const used = mapping ?? (kind === 'members' ? guessMapping(csv.headers) : guessRegisterMapping(csv.headers));
      if (used.length !== csv.headers.length) throw new TellerError('invalid-input', 'The column mapping does not match the file’s columns. Choose the file again.');
      const problems = kind === 'members' ? mappingProblems(checkedMapping(used, MEMBER_FIELD_LABEL)) : registerMappingProblems(checkedMapping(used, REGISTER_FIELD_LABEL));
      const base = { fileName: file.name, sha256: csv.sha256, encoding: csv.encoding, headers: csv.headers, mapping: used, rows: csv.table.records.length };
      if (problems.length > 0) {
        // Shown with the columns, so the user can correct the mapping.
        return { ...base, ignoredColumns: [], problems, valid: 0, rejected: [], sample: { columns: [], rows: [] } };
      }
      if (kind === 'members') {
        const read = checkMembershipFile(file.path, csv, today(ctx.now()), checkedMapping(used, MEMBER_FIELD_LABEL));
        return {
          ...base,
          ignoredColumns: read.ignoredColumns,
          problems: [],
          valid: read.members.length,
          rejected: read.rejected.slice(0, 500),
          sample: {
            columns: ['Line', 'Number', 'Name', 'Postcode', 'Branch', 'Joined', 'Status'],
            rows: read.members.slice(0, 5).map((m) => [String(m.line), m.membershipNumber, m.fullName, m.postcode, m.branch, formatUkDate(m.joinDate), statusWords(m.status)]),
          },
        };
      }
      const read = checkRegisterFile(file.path, csv, checkedMapping(used, REGISTER_FIELD_LABEL));
      return {
        ...base,
        ignoredColumns: read.ignoredColumns,
        problems: [],
        valid: read.entries.length,
        rejected: read.rejected.slice(0, 500),
        sample: {
          columns: ['Line', 'Elector number', 'Name', 'Address', 'Postcode', 'Franchise'],
          rows: read.entries.slice(0, 5).map((e) => [String(e.line), e.elector, `${e.forenames} ${e.surname}`, e.address, e.postcode, e.franchise]),
        },
      };
    },

    startImport: ({ kind, fileId, mapping }) => {
      const file = ctx.staged.get(fileId);
      const problems = kind === 'members' ? mappingProblems(checkedMapping(mapping, MEMBER_FIELD_LABEL)) : registerMappingProblems(checkedMapping(mapping, REGISTER_FIELD_LABEL));
      if (problems.length > 0) throw new TellerError('invalid-input', problems.join(' '));
      const job: Job = { id: randomBytes(12).toString('hex'), state: 'running', phase: 'Starting', done: 0, total: 1, message: null, snapshotId: null };
      jobs.set(job.id, job);
      const input: ImportJobInput = { kind, dbPath: ctx.store().file, file: file.path, fileName: file.name, mapping: mapping as ImportJobInput['mapping'], today: today(ctx.now()), actor: ctx.actor, at: stamp() };
      if (ctx.importWorker) {
        const worker = new Worker(ctx.importWorker, { workerData: input });
        worker.on('message', (m: ImportJobMessage) => finish(job, m, fileId, kind));
        worker.on('error', (e) => finish(job, { type: 'failed', message: `The import failed and nothing was written: ${e.message}` }, fileId, kind));
      } else {
        runImportJob(input, (m) => finish(job, m, fileId, kind));
      }
      return { ...job };
    },

    crossMatchRegister: () => {
      const summary = runCrossMatch(ctx.store(), stamp());
      ctx.desk().forgetIndex();
      return summary;
    },
    getMatchSummary: () => matchSummary(ctx.store()),
    listRegisterMatches: ({ status, limit }) => registerMatches(ctx.store(), status, limit),

    getJob: ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw new TellerError('not-found', 'That import is no longer known. Check the list of snapshots.');
      return { ...job };
    },

    useSnapshot: ({ snapshotId }) => {
      useSnapshot(ctx.store(), snapshotId);
      ctx.desk().forgetIndex();
      return ctx.state();
    },

    saveEligibility: (settings) => {
      const store = ctx.store();
      const ballot = store.ballot();
      if (!ballot) throw new TellerError('no-ballot', 'Set up the trigger ballot first.');
      store.change('ballot.eligibility', 'ballot', () => {
        store.db.prepare('UPDATE ballot SET eligibility = ? WHERE id = ?').run(JSON.stringify(settings), ballot.id);
        return { entityId: ballot.id, before: ballot.eligibility, after: settings };
      });
      return ctx.state();
    },

    openDoorDesk: ({ branchId, date }) => desk(ctx.desk().openMeeting(branchId, date)),
    getDesk: ({ meetingId }) => desk(meetingId),
    searchMembers: ({ meetingId, query }) => ctx.desk().search(meetingId, query),
    recordCheckin: ({ meetingId, memberId, outcome, note }) => {
      ctx.desk().record(meetingId, memberId, outcome, note);
      return desk(meetingId);
    },
    recordWalkIn: ({ meetingId, name, details, outcome, note }) => {
      ctx.desk().walkIn(meetingId, name, details, outcome, note);
      return desk(meetingId);
    },

    purgePersonalData: ({ confirmName }) => {
      purgePersonalData(ctx.store(), confirmName, today(ctx.now()));
      ctx.desk().forgetIndex();
      return ctx.state();
    },
  };
}
