import fs from 'node:fs';
import type { ApiHandlers, Job, StoreAccess } from '../shared/api';
import { TellerError } from '../shared/errors';
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
import { storeAccessHandlers } from './store/store-access-handlers';
import { isPlainSqlite } from './store/connect';
import { createStoreKey, keyFileFor, storeKeySealedBy, unsealStoreKey, type KeyAccess, type StoreKey } from './store/store-key';

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
  /**
   * The passphrase that seals the store's key (the `teller` command's, or a test's). Without
   * it, the keychain's sealer (safe-storage) seals the key; without either the service starts
   * with the secretary's store closed, and the host asks (unlockStore, setStorePassphrase).
   */
  passphrase?: string;
  /** Why the system keychain is not used here, to say so on screen (the desktop app on Linux without a keyring). */
  keychainNote?: string;
}

const CLOSED = 'Your store is locked: enter its passphrase first.';

/**
 * The implementation of every Api method: each domain's handlers over one context. It holds
 * the store in use: the secretary's own, or the demo CLP's while the demo is open.
 */
export class TellerService {
  /** The store in use; null while the secretary's own is closed (locked, or not made yet) and the demo is not open. */
  private active: ClpStore | null;
  /** The secretary's own store's key once unsealed (null: a store read in plain text); undefined while closed. */
  private ownKey: StoreKey | undefined;
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
      this.active = null;
      const access = this.givenAccess();
      if (options.readOnly) {
        // Only to read: a store from before encryption is read as it is; an encrypted one needs its key.
        const sealedBy = storeKeySealedBy(options.storePath);
        if (sealedBy && !access) throw new TellerError('wrong-passphrase', 'This store is encrypted: give its passphrase to read it. Nothing has been changed.');
        this.ownKey = sealedBy && access ? unsealStoreKey(options.storePath, access) : null;
        this.active = new ClpStore(options.storePath, options, { key: this.ownKey, readOnly: true });
      } else if (access) {
        this.openOwn(access);
      }
    } catch (e) {
      this.lock?.release();
      throw e;
    }
    const ctx = this.context();
    // The desktop app seals with safeStorage, so it can make its key pair on first run.
    if (options.sealer && this.active && !currentKey(this.active)) createKey(this.active, options.sealer);
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
      ...storeAccessHandlers(ctx),
    } satisfies ApiHandlers;
    this.handlers = guardStoreErrors(handlers);
  }

  /** Events the service pushes (job progress, data changed by a job) until the returned function is called. */
  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The store in use (refused while the secretary's own is closed and the demo is not open). */
  get store(): ClpStore {
    if (!this.active) throw new TellerError('store-closed', CLOSED);
    return this.active;
  }

  /** The store in use, or null while the secretary's own is closed and the demo is not open. */
  get openStore(): ClpStore | null {
    return this.active;
  }

  /** The passphrase given, or else the keychain's sealer (null: neither; the host will ask). */
  private givenAccess(): KeyAccess | null {
    if (this.options.passphrase !== undefined) return { passphrase: this.options.passphrase };
    if (this.options.sealer?.kind === 'safe-storage') return { sealer: this.options.sealer };
    return null;
  }

  /**
   * Opens the secretary's own store with its key, unsealed with `access`; a store with no key
   * yet (a new one, or one from before encryption) gets a new key sealed with it, and a key
   * made here is taken back if the store then fails to open, so nothing is left half-done.
   */
  private openOwn(access: KeyAccess): void {
    const file = this.options.storePath;
    const made = storeKeySealedBy(file) === null;
    const key = made ? createStoreKey(file, access) : unsealStoreKey(file, access);
    try {
      this.active = new ClpStore(file, this.options, { key });
    } catch (e) {
      if (made && (!fs.existsSync(file) || isPlainSqlite(file)) && !fs.existsSync(`${file}.encrypting`)) fs.rmSync(keyFileFor(file), { force: true });
      throw e;
    }
    this.ownKey = key;
    this.demo = false;
    this.index = null;
  }

  private accessState(): StoreAccess {
    const file = this.options.storePath;
    const sealedBy = storeKeySealedBy(file);
    const state = this.ownKey !== undefined ? 'open' : sealedBy ? 'locked' : fs.existsSync(file) ? 'plain' : 'new';
    return { state, demo: this.demo, sealedBy, keychainNote: this.options.keychainNote ?? null };
  }

  private unlock(passphrase: string, setting: boolean): void {
    if (this.options.readOnly) throw new TellerError('store-read-only', 'This copy of Teller only reads the store.');
    const sealedBy = storeKeySealedBy(this.options.storePath);
    if (this.ownKey !== undefined) throw new TellerError('invalid-input', 'Your store is already open.');
    if (setting && sealedBy) throw new TellerError('invalid-input', 'This store already has a passphrase: enter it to open the store. Nothing has been changed.');
    if (!setting && !sealedBy) throw new TellerError('not-found', 'This store has no passphrase yet: set one first.');
    const demo = this.active;
    this.openOwn({ passphrase });
    demo?.close();
  }

  /** Deletes uploads, closes the store and releases its lock; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.staged.clear();
    this.active?.close();
    this.lock?.release();
  }

  private context(): ServiceContext {
    return {
      actor: this.options.actor,
      now: this.options.now,
      store: () => this.store,
      access: {
        state: () => this.accessState(),
        unlock: (passphrase) => this.unlock(passphrase, false),
        setPassphrase: (passphrase) => this.unlock(passphrase, true),
      },
      isDemo: () => this.demo,
      switchStore: (demo) => this.switchTo(demo),
      reopenStore: (replace) => {
        const { file, key } = this.store;
        this.store.close();
        replace(file);
        this.active = new ClpStore(file, this.options, { key, readOnly: this.options.readOnly ?? false });
        this.index = null;
      },
      staged: this.staged,
      jobs: this.jobs,
      importWorker: this.options.importWorker,
      jobsHere: this.options.jobsHere ?? false,
      memberIndex: (snapshotId) => {
        if (!this.index || this.index.snapshotId !== snapshotId) this.index = MemberIndex.build(this.store.db, snapshotId);
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

  /** The demo CLP is kept in plain text (invented data only); the secretary's own store with its key, if it is open. */
  private switchTo(demo: boolean): void {
    if (demo === this.demo) return;
    const isNew = demo && !fs.existsSync(this.options.demoPath);
    const next = demo ? new ClpStore(this.options.demoPath, this.options, { key: null }) : this.ownKey === undefined ? null : new ClpStore(this.options.storePath, this.options, { key: this.ownKey });
    if (next && isNew) populateDemoClp(next);
    this.active?.close();
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
  ReturnType<typeof storeAccessHandlers>,
];
const implementedOnce: DisjointTables<DomainHandlers> = true;
void implementedOnce;
