import { MessageChannel, Worker } from 'node:worker_threads';
import type { ApiEvent } from '../../shared/api-events';
import { TellerError, type ApiResult } from '../../shared/errors';
import type { KeySealer } from '../signing/keys';
import type { TellerService } from '../service';
import type { HostedService } from './hosted-service';
import { serviceCalls } from './service-calls';
import type { FromService, ServiceWorkerData, ToService } from './service-protocol';

interface ServiceWorkerOptions {
  /** The built service worker (dist/service-worker.cjs). */
  workerFile: string;
  storePath: string;
  demoPath: string;
  actor: string;
  importWorker?: string;
  /** The passphrase that seals the store's key, if known at start; otherwise the page asks for it. */
  passphrase?: string;
  /** Why the system keychain is not used, to say so on screen. */
  keychainNote?: string;
  /** A sealer that only works on this thread (Electron's safeStorage); the worker asks it through a port. */
  sealer?: KeySealer;
  onInternalError?: (e: unknown) => void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const STOPPED_MESSAGE = "Teller's data service has stopped, so nothing was changed. Close Teller and open it again.";
const STOPPED: ApiResult<unknown> = { ok: false, error: { code: 'internal', message: STOPPED_MESSAGE } };

/** Answers the worker's sealing requests on this thread, then wakes it. */
function serveSealer(sealer: KeySealer) {
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const wake = new Int32Array(flag);
  port1.on('message', ({ op, bytes }: { op: 'seal' | 'open'; bytes: Uint8Array }) => {
    try {
      const out = op === 'seal' ? sealer.seal(Buffer.from(bytes)) : sealer.open(Buffer.from(bytes));
      port1.postMessage({ bytes: out });
    } catch (e) {
      port1.postMessage({ error: { code: 'key-locked', message: e instanceof Error ? e.message : String(e) } });
    }
    Atomics.store(wake, 0, 1);
    Atomics.notify(wake, 0);
  });
  port1.unref();
  return { port1, data: { kind: sealer.kind, port: port2, flag } };
}

/**
 * Starts the service in its own worker thread and resolves once its store is open; rejects
 * with the service's own plain-English error (locked, damaged, too new…) if it cannot open.
 */
export function startServiceWorker(options: ServiceWorkerOptions): Promise<HostedService> {
  const sealing = options.sealer ? serveSealer(options.sealer) : null;
  const workerData: ServiceWorkerData = {
    storePath: options.storePath,
    demoPath: options.demoPath,
    actor: options.actor,
    ...(options.importWorker ? { importWorker: options.importWorker } : {}),
    ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
    ...(options.keychainNote !== undefined ? { keychainNote: options.keychainNote } : {}),
    ...(sealing ? { sealer: sealing.data } : {}),
  };
  const worker = new Worker(options.workerFile, { workerData, transferList: sealing ? [sealing.data.port] : [] });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(event: ApiEvent) => void>();
  let nextId = 1;
  let running = true;

  const stopped = () => {
    running = false;
    sealing?.port1.close();
    for (const w of waiting.values()) w.reject(new Error('stopped'));
    waiting.clear();
  };

  const send = <T>(message: DistributiveOmit<ToService, 'id'>): Promise<T> => {
    if (!running) return Promise.reject(new TellerError('internal', STOPPED_MESSAGE));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  };

  return new Promise<HostedService>((resolve, reject) => {
    worker.on('message', (m: FromService) => {
      if (m.type === 'ready') {
        resolve(client);
      } else if (m.type === 'failed') {
        reject(new TellerError(m.error.code, m.error.message));
      } else if (m.type === 'event') {
        for (const l of listeners) l(m.event);
      } else if (m.type === 'reply') {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.error !== undefined) w?.reject(new Error(m.error));
        else w?.resolve(m.value);
      }
    });
    worker.on('error', (e) => {
      options.onInternalError?.(e);
      stopped();
      reject(e);
    });
    worker.on('exit', () => {
      stopped();
      reject(new TellerError('internal', 'Teller could not open its data.'));
    });

    const client: HostedService = {
      call: (method, input) => send<ApiResult<unknown>>({ type: 'call', method, input }).catch(() => STOPPED),
      stageFile: (path, folder) => send<string>({ type: 'stage-file', path, folder }),
      uploadTarget: (name) => send<{ id: string; path: string; key: string }>({ type: 'upload-target', name }),
      uploaded: (fileId) => send<void>({ type: 'uploaded', fileId }),
      discard: (fileId) => send<void>({ type: 'discard', fileId }),
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async close() {
        if (!running) return;
        await send({ type: 'close' }).catch(() => undefined);
        await worker.terminate();
      },
    };
  });
}

/**
 * A service on this thread, for the `teller` command's short commands and the tests of the
 * hosts: the same dispatcher, lock, backups and import path, without a second thread.
 */
export function inProcessService(service: TellerService, onInternalError: (e: unknown) => void = () => undefined): HostedService {
  const listeners = new Set<(event: ApiEvent) => void>();
  const emit = (event: ApiEvent) => listeners.forEach((l) => l(event));
  service.onEvent(emit);
  const call = serviceCalls(service, emit, onInternalError);
  return {
    call: (method, input) => Promise.resolve(call(method, input)),
    stageFile: (path, folder) => Promise.resolve(service.staged.add(path, folder)),
    uploadTarget: (name) => Promise.resolve(service.staged.uploadTarget(name)),
    uploaded: (id) => Promise.resolve(service.staged.uploaded(id)),
    discard: (id) => Promise.resolve(service.staged.discard(id)),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => Promise.resolve(service.close()),
  };
}
