import type { HandlersOf, Job, MethodTable } from '../shared/api';
import type { ApiEvent } from '../shared/api-events';
import type { MemberIndex } from './door-desk/member-search';
import type { StagedFiles } from './files/staged-files';
import type { KeySealer } from './signing/keys';
import type { StoreAccess } from '../shared/api';
import type { ClpStore } from './store/clp-store';

/**
 * What every domain's handlers may use: the store in use, the clock and the person acting,
 * files staged for import, the door desk's search index, and the signing key's sealer.
 */
export interface ServiceContext {
  readonly actor: string;
  now(): Date;
  /** The store in use: the secretary's own, or the demo CLP's while the demo is open (refused while the own store is closed). */
  store(): ClpStore;
  /** The secretary's own store's lock and key: whether it is open, and opening it with a passphrase. */
  readonly access: {
    state(): StoreAccess;
    /** Unseals the key with the passphrase and opens the store; a wrong passphrase changes nothing. */
    unlock(passphrase: string): void;
    /** Makes a key sealed by the passphrase, for a new store or one still in plain text, and opens it. */
    setPassphrase(passphrase: string): void;
  };
  isDemo(): boolean;
  /** Opens the demo CLP's store (creating it on first use), or goes back to the secretary's own. */
  switchStore(demo: boolean): void;
  /** Closes the store, lets `replace` change its file, and opens it again. */
  reopenStore(replace: (file: string) => void): void;
  readonly staged: StagedFiles;
  /** The built import worker; without one, imports run in this thread (tests, command line). */
  readonly importWorker: string | undefined;
  /** Imports read and check on this thread, the writing alone in the worker (the command line, whose thread is otherwise idle). */
  readonly jobsHere: boolean;
  /** The door desk's in-memory index of the list the ballot uses, built once per list. */
  memberIndex(snapshotId: number): MemberIndex;
  /** Call after an import, a change of snapshot or a purge. */
  forgetMemberIndex(): void;
  /** Long work in progress or done this session, by id (getJob reads it; each domain adds its own). */
  readonly jobs: Map<string, Job>;
  /** Tells whoever shows the data what happened without being asked (a job moved on, data changed behind a call). */
  emit(event: ApiEvent): void;
  /** How the signing key is sealed: Electron's safeStorage, or a passphrase once unlocked (null until then). */
  readonly signing: { sealer: KeySealer | null; readonly kind: KeySealer['kind'] };
}

/** One domain's handlers, typed from its Api table: one function per method, taking validated input. */
export function defineHandlers<T extends MethodTable>(_api: T, build: (ctx: ServiceContext) => HandlersOf<T>): (ctx: ServiceContext) => HandlersOf<T> {
  return build;
}
