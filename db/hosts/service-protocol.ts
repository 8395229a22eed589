import type { MessagePort } from 'node:worker_threads';
import type { ApiEvent } from '../../shared/api-events';
import type { TellerErrorInfo } from '../../shared/errors';
import type { KeySealer } from '../signing/keys';

/** What the service worker is started with. */
export interface ServiceWorkerData {
  storePath: string;
  demoPath: string;
  actor: string;
  importWorker?: string;
  /** The passphrase that seals the store's key, when the host has it at start (the `teller` command's). */
  passphrase?: string;
  /** Why the system keychain is not used, to say so on screen. */
  keychainNote?: string;
  /** Sealing done by the starting thread (Electron's safeStorage), reached through this port. */
  sealer?: { kind: KeySealer['kind']; port: MessagePort; flag: SharedArrayBuffer };
}

/** Messages to the service worker; each is answered by a reply with the same id. */
export type ToService =
  | { type: 'call'; id: number; method: unknown; input: unknown }
  | { type: 'stage-file'; id: number; path: string; folder?: string }
  | { type: 'upload-target'; id: number; name: string }
  | { type: 'uploaded'; id: number; fileId: string }
  | { type: 'discard'; id: number; fileId: string }
  | { type: 'close'; id: number };

/** Messages from the service worker. */
export type FromService =
  | { type: 'ready' }
  | { type: 'failed'; error: TellerErrorInfo }
  | { type: 'reply'; id: number; value: unknown; error?: string }
  | { type: 'event'; event: ApiEvent };
