import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Job, ListKind } from '../../shared/api';
import { membersApi } from '../../shared/api/members';
import { TellerError } from '../../shared/errors';
import { MEMBER_FIELD_LABEL, mappingProblems } from '../../shared/lists/member-fields';
import { REGISTER_FIELD_LABEL, registerMappingProblems } from '../../shared/lists/electoral-register-fields';
import { ukToday, utcInstant } from '../../shared/time';
import { defineHandlers } from '../service-context';
import { readBallot } from '../setup/ballot';
import { addBranch } from '../setup/units';
import { listVocabulary, refuseUnknownBranches, rememberChoices } from './list-vocabulary';
import { tellerState } from '../setup/state';
import { hexOf } from '../store/store-key';
import { checkedMapping } from './import-preview';
import { runImportJob, runJob, type ImportJobInput, type ImportJobMessage } from './import-worker';
import { purgePersonalData, refuseAfterPurge } from './purge';
import { listMembers } from './member-list';
import { listSnapshots, saveEligibility, useSnapshot } from './snapshots';

export const membersHandlers = defineHandlers(membersApi, (ctx) => {
  const jobs = ctx.jobs;
  const state = () => tellerState(ctx.store(), ctx.isDemo());
  const stamp = () => utcInstant(ctx.now());

  /** After a membership import: the choices remembered, and the branches made that the user asked for. */
  type AfterImport = { choices: Parameters<typeof rememberChoices>[1]; createBranches: boolean } | null;

  const finish = (job: Job, m: ImportJobMessage, fileId: string, kind: ListKind, preview: boolean, after: AfterImport = null) => {
    if (m.type === 'progress') Object.assign(job, { phase: m.phase, done: m.done, total: m.total });
    if (m.type === 'failed') Object.assign(job, { state: 'failed', message: m.message, ...(m.unmapped ? { unmapped: m.unmapped } : {}) });
    if (m.type === 'preview') Object.assign(job, { state: 'done', phase: 'Read', done: 1, total: 1, preview: m.preview });
    if (m.type === 'done') {
      const what = kind === 'members' ? 'members' : 'electoral register entries';
      Object.assign(job, { state: 'done', phase: 'Imported', done: m.imported, total: m.imported, snapshotId: m.snapshotId, message: `${m.imported} ${what} imported.` });
      const store = ctx.store();
      if (after) {
        rememberChoices(store, after.choices);
        if (after.createBranches) createBranchesOf(m.snapshotId);
      }
      // The first list a ballot gets is used at once; a later one never silently replaces it.
      if (kind === 'members' && readBallot(store)?.snapshotId === null) useSnapshot(store, m.snapshotId);
      ctx.forgetMemberIndex();
    }
    // The file stays for the import after a preview; after an import it is no longer needed.
    if (!preview && m.type !== 'progress') ctx.staged.discard(fileId);
    ctx.emit({ kind: 'job', job: { ...job } });
    // The list was written by the import worker, not by a call: say so.
    if (m.type === 'done') ctx.emit({ kind: 'changed' });
  };

  /** A CLP with no branches yet gets one for each branch name of the snapshot. */
  const createBranchesOf = (snapshotId: number) => {
    const store = ctx.store();
    const clp = store.db.prepare('SELECT 1 FROM clp').get();
    const existing = store.db.prepare('SELECT COUNT(*) AS n FROM branch').get() as { n: number };
    if (!clp || existing.n > 0) return;
    const names = store.db.prepare('SELECT DISTINCT branch FROM member WHERE snapshot_id = ? ORDER BY branch').all(snapshotId) as { branch: string }[];
    for (const { branch } of names) addBranch(store, { name: branch.slice(0, 120) });
  };

  // The worker that previewed a file stays, warm, for its import.
  const warm = new Map<string, Worker>();

  /** Runs a preview or an import in the import worker (or in this thread where there is none). */
  const startJob = (
    spec: Pick<ImportJobInput, 'mode' | 'kind' | 'file' | 'fileName' | 'fileKey' | 'mapping'>,
    fileId: string,
    kind: ListKind,
    choices: Parameters<typeof listVocabulary>[1] & { asAt?: string | undefined; createBranches?: boolean | undefined },
  ): Job => {
    const job: Job = { id: randomBytes(12).toString('hex'), state: 'running', phase: 'Starting', done: 0, total: 1, message: null, snapshotId: null, preview: null, reports: null };
    jobs.set(job.id, job);
    const store = ctx.store();
    const today = ukToday(ctx.now());
    const input: ImportJobInput = {
      ...spec,
      dbPath: store.file,
      dbKey: hexOf(store.key),
      today,
      actor: ctx.actor,
      at: stamp(),
      vocabulary: listVocabulary(store, choices),
      // A list is taken to be as at the day it is imported unless the user says otherwise.
      asAt: kind === 'members' ? (choices.asAt ?? today) : null,
      freezeDate: readBallot(store)?.freezeDate ?? null,
    };
    const preview = spec.mode === 'preview';
    const after: AfterImport = !preview && kind === 'members' ? { choices, createBranches: choices.createBranches === true } : null;
    const script = ctx.importWorker;
    if (script && ctx.jobsHere) {
      // Started once this call has answered, as a worker's job would be.
      setImmediate(() => runJob(input, (m) => finish(job, m, fileId, kind, preview, after), script));
    } else if (script) {
      const waiting = warm.get(fileId);
      warm.delete(fileId);
      let worker: Worker;
      if (waiting && !preview) {
        worker = waiting;
        worker.removeAllListeners('message').removeAllListeners('error');
        worker.postMessage(input);
      } else {
        void waiting?.terminate();
        worker = new Worker(script, { workerData: input });
      }
      worker.unref();
      worker.on('message', (m: ImportJobMessage) => {
        finish(job, m, fileId, kind, preview, after);
        if (preview && m.type === 'preview') warm.set(fileId, worker);
        else if (m.type !== 'progress') void worker.terminate();
      });
      worker.on('error', (e) => finish(job, { type: 'failed', message: `Teller could not read the file, and nothing was written: ${e.message}` }, fileId, kind, preview, after));
    } else {
      runImportJob(input, (m) => finish(job, m, fileId, kind, preview, after));
    }
    return { ...job };
  };

  return {
    listSnapshots: ({ kind }) => listSnapshots(ctx.store(), kind),
    listMembers: (input) => listMembers(ctx.store(), input),

    previewImport: ({ kind, fileId, mapping, ...choices }) => {
      const file = ctx.staged.get(fileId);
      const used = mapping === undefined ? null : kind === 'members' ? checkedMapping(mapping, MEMBER_FIELD_LABEL) : checkedMapping(mapping, REGISTER_FIELD_LABEL);
      return startJob({ mode: 'preview', kind, file: file.path, fileName: file.name, fileKey: hexOf(file.key ?? null), mapping: used }, fileId, kind, choices);
    },

    startImport: ({ kind, fileId, mapping, ...choices }) => {
      refuseAfterPurge(ctx.store().db, 'take in a new list');
      const file = ctx.staged.get(fileId);
      if (mapping !== undefined) {
        const problems = kind === 'members' ? mappingProblems(checkedMapping(mapping, MEMBER_FIELD_LABEL)) : registerMappingProblems(checkedMapping(mapping, REGISTER_FIELD_LABEL));
        if (problems.length > 0) throw new TellerError('invalid-input', problems.join(' '));
      }
      if (kind === 'members') refuseUnknownBranches(ctx.store(), choices.branches ?? []);
      return startJob({ mode: 'import', kind, file: file.path, fileName: file.name, fileKey: hexOf(file.key ?? null), mapping: (mapping ?? null) as ImportJobInput['mapping'] }, fileId, kind, choices);
    },

    getJob: ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw new TellerError('not-found', 'That import is no longer known. Check the list of snapshots.');
      return { ...job };
    },

    useSnapshot: ({ snapshotId }) => {
      useSnapshot(ctx.store(), snapshotId);
      ctx.forgetMemberIndex();
      return state();
    },

    saveEligibility: (settings) => {
      saveEligibility(ctx.store(), settings);
      return state();
    },

    purgePersonalData: ({ confirmName }) => {
      purgePersonalData(ctx.store(), confirmName, ukToday(ctx.now()), () => ctx.staged.eraseUploads());
      ctx.forgetMemberIndex();
      return state();
    },
  };
});
