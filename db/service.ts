import fs from 'node:fs';
import type { ApiHandlers, Job } from '../shared/api';
import type { ApiEvent } from '../shared/api-events';
import type { DisjointTables } from '../shared/api';
import { auditHandlers } from './audit/audit-handlers';
import { backupsHandlers } from './backups/backups-handlers';
import { complaintsHandlers } from './complaints/complaints-handlers';
import { doorDeskHandlers } from './door-desk/door-desk-handlers';
import { MemberIndex } from './door-desk/member-search';
import { electoralRegisterHandlers } from './electoral-register/electoral-register-handlers';
import { StagedFiles, uploadFolderFor } from './files/staged-files';
import { meetingsHandlers } from './meetings/meetings-handlers';
import { membersHandlers } from './members/members-handlers';
import { regionHandlers } from './region/region-handlers';
import type { ServiceContext } from './service-context';
import { populateDemoClp } from './setup/demo-clp';
import { setupHandlers } from './setup/setup-handlers';
import { createKey, currentKey } from './signing/key-ring';
import type { KeySealer } from './signing/keys';
import { signingHandlers } from './signing/signing-handlers';
import { ClpStore, type WriteContext } from './store/clp-store';
import { guardStoreErrors } from './store/errors';
import { StoreLock } from './store/lock';

interface ServiceOptions extends WriteContext {
  /** The secretary's own store. */
  storePath: string;
  /** Where the demo CLP lives: a separate file, so invented data never mixes with real data. */
  demoPath: string;
  /** The built import worker (dist/import-worker.cjs); without it imports run in this thread. */
  importWorker?: string;
  /** Imports read and check on this thread, which has nothing else to do (the command line); see ServiceContext.jobsHere. */
  jobsHere?: boolean;
  /** How the signing key is sealed: Electron's safeStorage in the desktop app; otherwise a passphrase given at unlock. */
  sealer?: KeySealer;
  /**
   * Only to read the store (teller status, teller audit verify): opened read-only, not
   * migrated, no lock file written (but refused while a copy holds the lock), nothing deleted.
   */
  readOnly?: boolean;
}

/**
 * The implementation of every Api method: each domain's handlers over one context. It holds
 * the store in use: the secretary's own, or the demo CLP's while the demo is open.
 */
export class TellerService {
  private active: ClpStore;
  private demo = false;
  private index: MemberIndex | null = null;
  readonly staged: StagedFiles;
  private closed = false;
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private readonly jobs = new Map<string, Job>();
  private readonly lock: StoreLock | null;
  readonly handlers: ApiHandlers;

  constructor(private readonly options: ServiceOptions) {
    if (options.readOnly) StoreLock.refuseIfHeld(options.storePath);
    this.lock = options.readOnly ? null : StoreLock.take(options.storePath);
    // A stale lock taken over is said, once, where the host shows its messages (the terminal).
    if (this.lock?.note) console.warn(this.lock.note);
    try {
      this.staged = new StagedFiles(uploadFolderFor(options.storePath), !options.readOnly);
      this.active = new ClpStore(options.storePath, options, options.readOnly);
    } catch (e) {
      this.lock?.release();
      throw e;
    }
    const ctx = this.context();
    // The desktop app seals with safeStorage, so it can make its key pair on first run.
    if (options.sealer && !currentKey(this.active)) createKey(this.active, options.sealer);
    const handlers = {
      ...setupHandlers(ctx),
      ...membersHandlers(ctx),
      ...electoralRegisterHandlers(ctx),
      ...doorDeskHandlers(ctx),
      ...meetingsHandlers(ctx),
      ...complaintsHandlers(ctx),
      ...signingHandlers(ctx),
      ...regionHandlers(ctx),
      ...backupsHandlers(ctx),
      ...auditHandlers(ctx),
    } satisfies ApiHandlers;
    this.handlers = guardStoreErrors(handlers);
  }

  /** Events the service pushes (job progress, data changed by a job) until the returned function is called. */
  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get store(): ClpStore {
    return this.active;
  }

  /** Deletes uploads, closes the store and releases its lock; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.staged.clear();
    this.active.close();
    this.lock?.release();
  }

  private context(): ServiceContext {
    return {
      actor: this.options.actor,
      now: this.options.now,
      store: () => this.active,
      isDemo: () => this.demo,
      switchStore: (demo) => this.switchTo(demo),
      reopenStore: (replace) => {
        const file = this.active.file;
        this.active.close();
        replace(file);
        this.open(file);
      },
      staged: this.staged,
      jobs: this.jobs,
      importWorker: this.options.importWorker,
      jobsHere: this.options.jobsHere ?? false,
      memberIndex: (snapshotId) => {
        if (!this.index || this.index.snapshotId !== snapshotId) this.index = MemberIndex.build(this.active.db, snapshotId);
        return this.index;
      },
      forgetMemberIndex: () => {
        this.index = null;
      },
      emit: (event) => {
        for (const l of this.listeners) l(event);
      },
      signing: { sealer: this.options.sealer ?? null, kind: this.options.sealer?.kind ?? 'passphrase' },
    };
  }

  private open(file: string): void {
    this.active = new ClpStore(file, this.options, this.options.readOnly);
    this.index = null;
  }

  private switchTo(demo: boolean): void {
    if (demo === this.demo) return;
    const isNew = demo && !fs.existsSync(this.options.demoPath);
    const next = new ClpStore(demo ? this.options.demoPath : this.options.storePath, this.options);
    if (isNew) populateDemoClp(next);
    this.active.close();
    this.active = next;
    this.index = null;
    this.demo = demo;
  }
}

// Every method is implemented by exactly one domain's handlers.
type DomainHandlers = [
  ReturnType<typeof setupHandlers>,
  ReturnType<typeof membersHandlers>,
  ReturnType<typeof electoralRegisterHandlers>,
  ReturnType<typeof doorDeskHandlers>,
  ReturnType<typeof meetingsHandlers>,
  ReturnType<typeof complaintsHandlers>,
  ReturnType<typeof signingHandlers>,
  ReturnType<typeof regionHandlers>,
  ReturnType<typeof backupsHandlers>,
  ReturnType<typeof auditHandlers>,
];
const implementedOnce: DisjointTables<DomainHandlers> = true;
void implementedOnce;
