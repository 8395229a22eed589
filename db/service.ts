import fs from 'node:fs';
import path from 'node:path';
import type { ApiHandlers, Signing } from '../shared/api';
import { backupDir, backupStore, checkBackup, listBackups } from './store/backups';
import { guardStoreErrors } from './store/errors';
import { StoreLock } from './store/lock';
import { ClpStore, type WriteContext } from './store/clp-store';
import { populateDemoClp } from './setup/demo-clp';
import { listComplaints, logComplaint, updateComplaint } from './complaints/complaints';
import { MeetingRecords } from './meetings/meeting-records';
import { KeyRing } from './signing/key-ring';
import { RegionalOffice } from './region/regional-office';
import { MAX_REPORT_BYTES } from './signing/verify-report';
import { passphraseSealer, type KeySealer } from './signing/keys';
import { exportReport } from './signing/report-export';
import { TellerError } from '../shared/errors';
import { DoorDesk } from './door-desk/door-desk';
import { registerHandlers } from './members/members-handlers';
import { registerMatchOf } from './electoral-register/cross-match';
import { StagedFiles } from './files/staged-files';

export interface ServiceOptions extends WriteContext {
  /** The secretary's own store. */
  storePath: string;
  /** Where the demo CLP lives: a separate file, so invented data never mixes with real data. */
  demoPath: string;
  /** The built import worker (dist/import-worker.cjs); without it imports run in this thread. */
  importWorker?: string;
  /** How the signing key is sealed: Electron's safeStorage in the desktop app; otherwise a passphrase given at unlock. */
  sealer?: KeySealer;
}

/**
 * The implementation of every Api method. It holds the store in use: the secretary's own,
 * or the demo CLP's while the demo is open.
 */
export class TellerService {
  private active: ClpStore;
  private desk: DoorDesk;
  /** Set by the desktop app (safeStorage), or by unlocking with a passphrase; held only in this process. */
  private sealer: KeySealer | null;
  private demo = false;
  readonly staged = new StagedFiles();

  private readonly lock: StoreLock;

  constructor(private readonly options: ServiceOptions) {
    this.lock = StoreLock.take(options.storePath);
    try {
      this.active = new ClpStore(options.storePath, options);
    } catch (e) {
      this.lock.release();
      throw e;
    }
    this.desk = new DoorDesk(this.active, options.now, (id) => registerMatchOf(this.active, id));
    this.sealer = options.sealer ?? null;
    // The desktop app seals with safeStorage, so it can make its key pair on first run.
    if (options.sealer && !new KeyRing(this.active, options.now).current()) new KeyRing(this.active, options.now).create(options.sealer);
    this.handlers = guardStoreErrors(this.buildHandlers());
  }

  get store(): ClpStore {
    return this.active;
  }

  close(): void {
    this.staged.clear();
    this.active.close();
    this.lock.release();
  }

  private switchTo(demo: boolean): void {
    if (demo === this.demo) return;
    const isNew = demo && !fs.existsSync(this.options.demoPath);
    const next = new ClpStore(demo ? this.options.demoPath : this.options.storePath, this.options);
    if (isNew) populateDemoClp(next);
    this.active.close();
    this.active = next;
    this.desk = new DoorDesk(next, this.options.now, (id) => registerMatchOf(next, id));
    this.demo = demo;
  }

  readonly handlers: ApiHandlers;

  private buildHandlers(): ApiHandlers {
    return {
    getState: () => this.active.state(this.demo),
    openDemo: () => {
      this.switchTo(true);
      return this.active.state(this.demo);
    },
    leaveDemo: () => {
      this.switchTo(false);
      return this.active.state(this.demo);
    },
    saveClp: (i) => this.mutate(() => this.active.saveClp(i)),
    addBranch: (i) => this.mutate(() => this.active.addBranch(i)),
    renameBranch: (i) => this.mutate(() => this.active.renameBranch(i)),
    deleteBranch: (i) => this.mutate(() => this.active.deleteBranch(i)),
    addAffiliate: (i) => this.mutate(() => this.active.addAffiliate(i)),
    updateAffiliate: (i) => this.mutate(() => this.active.updateAffiliate(i)),
    deleteAffiliate: (i) => this.mutate(() => this.active.deleteAffiliate(i)),
    saveBallot: (i) => this.mutate(() => this.active.saveBallot(i)),
    recordResult: (i) => this.mutate(() => this.active.recordResult(i)),
    getAuditLog: (i) => this.active.auditLog(i.limit),
    verifyAudit: () => this.active.verifyAudit(),
    listMeetings: () => this.meetings().list(),
    scheduleMeeting: ({ branchId, date }) => this.meetings().view(this.meetings().schedule(branchId, date)),
    getMeeting: ({ meetingId }) => this.meetings().view(meetingId),
    saveMeetingDraft: ({ meetingId, record }) => {
      this.meetings().saveDraft(meetingId, record);
      return this.meetings().view(meetingId);
    },
    closeMeeting: ({ meetingId }) => {
      this.meetings().close(meetingId);
      return this.meetings().view(meetingId);
    },
    correctMeeting: ({ meetingId, record, reason }) => {
      this.meetings().correct(meetingId, record, reason);
      return this.meetings().view(meetingId);
    },
    markMeeting: ({ meetingId, state, reason }) => {
      this.meetings().mark(meetingId, state, reason);
      return this.meetings().view(meetingId);
    },
    saveQuorum: ({ rule }) => this.mutate(() => this.meetings().saveQuorum(rule)),
    recordAffiliateDecision: (i) => this.mutate(() => this.active.recordAffiliateDecision(i)),
    listBackups: () => listBackups(this.active.file),
    backupNow: () => {
      backupStore(this.active.db, this.active.file, 'on-request', this.options.now());
      return listBackups(this.active.file);
    },
    readBackup: ({ name }) => {
      const file = path.join(backupDir(this.active.file), path.basename(name));
      if (!fs.existsSync(file)) throw new TellerError('not-found', 'That backup is no longer there.');
      return { name: path.basename(file), base64: fs.readFileSync(file).toString('base64') };
    },
    restoreBackup: ({ name }) => {
      this.restore(name);
      return this.active.state(this.demo);
    },
    getSigning: () => this.signing(),
    unlockSigningKey: ({ passphrase }) => {
      const sealer = passphraseSealer(passphrase);
      const ring = new KeyRing(this.active, this.options.now);
      if (ring.current()) ring.open(sealer); // throws if the passphrase is wrong
      else ring.create(sealer);
      this.sealer = sealer;
      return this.signing();
    },
    rotateSigningKey: () => {
      if (!this.sealer) throw new TellerError('key-locked', 'Unlock the signing key before replacing it.');
      new KeyRing(this.active, this.options.now).create(this.sealer);
      return this.signing();
    },
    exportReport: ({ status }) => {
      const { info, privateKey } = new KeyRing(this.active, this.options.now).open(this.sealer);
      return exportReport(this.active, status, { keyId: info.keyId, publicKey: info.publicKey, privateKey }, this.options.now());
    },
    listTrustedKeys: () => this.region().keys(),
    trustKey: ({ clp, key }) => {
      this.region().trust(clp, key);
      return this.region().keys();
    },
    revokeKey: ({ clp, keyId }) => {
      this.region().revoke(clp, keyId);
      return this.region().keys();
    },
    importReports: ({ fileIds }) =>
      fileIds.map((fileId) => {
        const file = this.staged.get(fileId);
        try {
          const size = fs.statSync(file.path).size;
          const text = size > MAX_REPORT_BYTES ? 'x'.repeat(MAX_REPORT_BYTES + 1) : fs.readFileSync(file.path, 'utf8');
          return this.region().importReport(file.name, text);
        } finally {
          this.staged.discard(fileId);
        }
      }),
    getRegion: () => ({ rows: this.region().overview(), refused: this.region().refused() }),
    listComplaints: ({ status, category }) => listComplaints(this.active, status, category),
    logComplaint: (i) => logComplaint(this.active, i),
    updateComplaint: (i) => updateComplaint(this.active, i),
    ...registerHandlers({
      actor: this.options.actor,
      now: this.options.now,
      store: () => this.active,
      desk: () => this.desk,
      state: () => this.active.state(this.demo),
      staged: this.staged,
      importWorker: this.options.importWorker,
    }),
    };
  }

  /**
   * Replaces the store with a backup, after checking the backup's integrity and audit chain;
   * the store it replaces is kept as a backup too.
   */
  private restore(name: string): void {
    const file = path.join(backupDir(this.active.file), path.basename(name));
    if (!fs.existsSync(file)) throw new TellerError('not-found', 'That backup is no longer there.');
    checkBackup(file);
    const target = this.active.file;
    backupStore(this.active.db, target, 'before-restore', this.options.now());
    this.active.close();
    for (const extra of ['-wal', '-shm']) fs.rmSync(`${target}${extra}`, { force: true });
    fs.copyFileSync(file, target);
    this.active = new ClpStore(target, this.options);
    this.desk = new DoorDesk(this.active, this.options.now, (id) => registerMatchOf(this.active, id));
  }

  private signing(): Signing {
    const keys = new KeyRing(this.active, this.options.now).keys();
    return {
      current: keys.find((k) => k.retiredAt === null) ?? null,
      retired: keys.filter((k) => k.retiredAt !== null),
      sealer: this.options.sealer?.kind ?? 'passphrase',
      unlocked: this.sealer !== null,
    };
  }

  private region(): RegionalOffice {
    return new RegionalOffice(this.active, this.options.now);
  }

  private meetings(): MeetingRecords {
    return new MeetingRecords(this.active, this.options.now);
  }

  private mutate(apply: () => void) {
    apply();
    return this.active.state(this.demo);
  }
}
