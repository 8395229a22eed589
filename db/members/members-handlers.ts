import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ApiHandlers, Desk, Job, ListKind, Snapshot, TellerState } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { ukToday, utcInstant } from '../../shared/time';
import { MEMBER_FIELD_LABEL, mappingProblems } from '../../shared/register/member-fields';
import { REGISTER_FIELD_LABEL, registerMappingProblems } from '../../shared/register/register-fields';
import { matchSummary, registerMatches, runCrossMatch } from '../electoral-register/cross-match';
import type { ClpStore, WriteContext } from '../store/clp-store';
import type { DoorDesk } from '../door-desk/door-desk';
import { runImportJob, type ImportJobInput, type ImportJobMessage } from './import-worker';
import { checkedMapping } from './import-preview';
import { purgePersonalData } from './purge';
import type { StagedFiles } from '../files/staged-files';

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
  const stamp = () => utcInstant(ctx.now());

  const finish = (job: Job, m: ImportJobMessage, fileId: string, kind: ListKind, preview: boolean) => {
    if (m.type === 'progress') Object.assign(job, { phase: m.phase, done: m.done, total: m.total });
    if (m.type === 'failed') Object.assign(job, { state: 'failed', message: m.message });
    if (m.type === 'preview') Object.assign(job, { state: 'done', phase: 'Read', done: 1, total: 1, preview: m.preview });
    if (m.type === 'done') {
      const what = kind === 'members' ? 'members' : 'electoral register entries';
      Object.assign(job, { state: 'done', phase: 'Imported', done: m.imported, total: m.imported, snapshotId: m.snapshotId, message: `${m.imported} ${what} imported.` });
      const store = ctx.store();
      // The first list a ballot gets is used at once; a later one never silently replaces it.
      if (kind === 'members' && store.ballot()?.snapshotId === null) useSnapshot(store, m.snapshotId);
      ctx.desk().forgetIndex();
    }
    // The file stays for the import after a preview; after an import it is no longer needed.
    if (!preview && m.type !== 'progress') ctx.staged.discard(fileId);
  };

  // The worker that previewed a file stays, warm, for its import.
  const warm = new Map<string, Worker>();

  /** Runs a preview or an import in the import worker (or in this thread where there is none). */
  const startJob = (spec: Pick<ImportJobInput, 'mode' | 'kind' | 'file' | 'fileName' | 'mapping'>, fileId: string, kind: ListKind): Job => {
    const job: Job = { id: randomBytes(12).toString('hex'), state: 'running', phase: 'Starting', done: 0, total: 1, message: null, snapshotId: null, preview: null };
    jobs.set(job.id, job);
    const input: ImportJobInput = { ...spec, dbPath: ctx.store().file, today: ukToday(ctx.now()), actor: ctx.actor, at: stamp() };
    const preview = spec.mode === 'preview';
    if (ctx.importWorker) {
      const waiting = warm.get(fileId);
      warm.delete(fileId);
      let worker: Worker;
      if (waiting && !preview) {
        worker = waiting;
        worker.removeAllListeners('message').removeAllListeners('error');
        worker.postMessage(input);
      } else {
        void waiting?.terminate();
        worker = new Worker(ctx.importWorker, { workerData: input });
      }
      worker.unref();
      worker.on('message', (m: ImportJobMessage) => {
        finish(job, m, fileId, kind, preview);
        if (preview && m.type === 'preview') warm.set(fileId, worker);
        else if (m.type !== 'progress') void worker.terminate();
      });
      worker.on('error', (e) => finish(job, { type: 'failed', message: `Teller could not read the file, and nothing was written: ${e.message}` }, fileId, kind, preview));
    } else {
      runImportJob(input, (m) => finish(job, m, fileId, kind, preview));
    }
    return { ...job };
  };

  const desk = (meetingId: number): Desk => {
    const d = ctx.desk();
    const meeting = d.meeting(meetingId);
    return {
      meeting: { id: meeting.id, branchId: meeting.branch_id, branch: meeting.branch_name, date: meeting.date },
      counts: d.counts(meetingId),
      entries: d.entries(meetingId),
      snapshotSize: d.snapshotSize(),
    };
  };

  return {
    listSnapshots: ({ kind }) => snapshots(ctx.store(), kind),

    previewImport: ({ kind, fileId, mapping }) => {
      const file = ctx.staged.get(fileId);
      const used = mapping === undefined ? null : kind === 'members' ? checkedMapping(mapping, MEMBER_FIELD_LABEL) : checkedMapping(mapping, REGISTER_FIELD_LABEL);
      return startJob({ mode: 'preview', kind, file: file.path, fileName: file.name, mapping: used }, fileId, kind);
    },

    startImport: ({ kind, fileId, mapping }) => {
      const file = ctx.staged.get(fileId);
      const problems = kind === 'members' ? mappingProblems(checkedMapping(mapping, MEMBER_FIELD_LABEL)) : registerMappingProblems(checkedMapping(mapping, REGISTER_FIELD_LABEL));
      if (problems.length > 0) throw new TellerError('invalid-input', problems.join(' '));
      return startJob({ mode: 'import', kind, file: file.path, fileName: file.name, mapping: mapping as ImportJobInput['mapping'] }, fileId, kind);
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
      purgePersonalData(ctx.store(), confirmName, ukToday(ctx.now()));
      ctx.desk().forgetIndex();
      return ctx.state();
    },
  };
}
