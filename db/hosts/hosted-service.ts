import type { ApiEvent } from '../../shared/api-events';
import type { ApiResult } from '../../shared/errors';

/**
 * The service as every host sees it: the Electron shell, the browser host and the `teller`
 * command all reach the store through this, and only through this. Calls go to the one
 * dispatcher with the one Api table; events (data changed, job progress) are pushed.
 */
export interface HostedService {
  call(method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  /**
   * A file the user picked on disk (the desktop app's dialog, or a path on the command line);
   * `folder`: the folder the user chose it from, which its links must not lead out of.
   */
  stageFile(path: string, folder?: string): Promise<string>;
  /** Where to save an upload, and its key (written with `uploadEncryption`); usable by the Api once `uploaded` says it is complete. */
  uploadTarget(name: string): Promise<{ id: string; path: string; key: string }>;
  uploaded(id: string): Promise<void>;
  discard(id: string): Promise<void>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** Deletes uploads, closes the store and releases its lock. */
  close(): Promise<void>;
}
