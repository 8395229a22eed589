import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ApiEvent } from '../../shared/api-events';
import { TellerError } from '../../shared/errors';
import type { KeySealer } from '../signing/keys';
import { TellerService } from '../service';
import { serviceCalls } from './service-calls';
import type { FromService, ServiceWorkerData, ToService } from './service-protocol';

/*
 * The service's own thread: the store, every Api handler and the jobs run here, never on
 * Electron's main process or the browser host's event loop. Both hosts start this same
 * worker, so the end-to-end tests run exactly what the desktop app runs.
 */

const port = parentPort;
if (!port) throw new Error('The Teller service runs as a worker thread.');
const data = workerData as ServiceWorkerData;
const post = (m: FromService) => port.postMessage(m);

/**
 * A sealer whose work is done by the thread that started this one (Electron's safeStorage
 * exists only there). Sealing is synchronous for the key ring, so this thread waits on a
 * shared flag until the answer is on its port.
 */
function remoteSealer(kind: KeySealer['kind'], sealerPort: MessagePort, flag: Int32Array): KeySealer {
  const ask = (op: 'seal' | 'open', bytes: Buffer): Buffer => {
    Atomics.store(flag, 0, 0);
    sealerPort.postMessage({ op, bytes });
    Atomics.wait(flag, 0, 0, 30_000);
    const reply = receiveMessageOnPort(sealerPort)?.message as { bytes?: Uint8Array; error?: { code: string; message: string } } | undefined;
    if (!reply) throw new TellerError('key-locked', 'The system keychain did not answer, so the signing key could not be used. Try again.');
    if (reply.error) throw new TellerError('key-locked', reply.error.message);
    return Buffer.from(reply.bytes!);
  };
  return { kind, seal: (secret) => ask('seal', secret), open: (sealed) => ask('open', sealed) };
}

let service: TellerService;
try {
  service = new TellerService({
    actor: data.actor,
    now: () => new Date(),
    storePath: data.storePath,
    demoPath: data.demoPath,
    ...(data.importWorker ? { importWorker: data.importWorker } : {}),
    ...(data.passphrase !== undefined ? { passphrase: data.passphrase } : {}),
    ...(data.keychainNote !== undefined ? { keychainNote: data.keychainNote } : {}),
    ...(data.sealer ? { sealer: remoteSealer(data.sealer.kind, data.sealer.port, new Int32Array(data.sealer.flag)) } : {}),
  });
} catch (e) {
  post({ type: 'failed', error: e instanceof TellerError ? e.toInfo() : { code: 'internal', message: `Teller could not open its data: ${(e as Error).message}` } });
  port.close();
  throw e;
}

const emit = (event: ApiEvent) => post({ type: 'event', event });
service.onEvent(emit);
const call = serviceCalls(service, emit, (e) => console.error('Teller met an unexpected problem and carried on:', e));

port.on('message', (m: ToService) => {
  try {
    switch (m.type) {
      case 'call':
        return post({ type: 'reply', id: m.id, value: call(m.method, m.input) });
      case 'stage-file':
        return post({ type: 'reply', id: m.id, value: service.staged.add(m.path, m.folder) });
      case 'upload-target':
        return post({ type: 'reply', id: m.id, value: service.staged.uploadTarget(m.name) });
      case 'uploaded':
        service.staged.uploaded(m.fileId);
        return post({ type: 'reply', id: m.id, value: null });
      case 'discard':
        service.staged.discard(m.fileId);
        return post({ type: 'reply', id: m.id, value: null });
      case 'close':
        service.close();
        post({ type: 'reply', id: m.id, value: null });
        return port.close();
    }
  } catch (e) {
    post({ type: 'reply', id: m.id, value: null, error: e instanceof Error ? e.message : String(e) });
  }
});

post({ type: 'ready' });
