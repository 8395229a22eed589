import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TellerError } from '../../shared/errors';

/**
 * Where the desktop app keeps its data: the same folder Electron's app.getPath('userData')
 * gives for an app named Teller, so the `teller` command and the app find the same store.
 */
export function userDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Teller');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Teller');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Teller');
}

/** The store file: TELLER_DB if set, otherwise teller.sqlite in the app's data folder. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.TELLER_DB ?? path.join(userDataDir(process.platform, env), 'teller.sqlite');
}

/** The demo CLP lives beside the real store, in its own file. */
export function demoStorePath(storePath: string): string {
  return path.join(path.dirname(storePath), 'teller-demo.sqlite');
}

export function currentActor(): string {
  try {
    return os.userInfo().username || 'secretary';
  } catch {
    return 'secretary';
  }
}

/**
 * Makes the folder a store lives in, if it is missing (a first run, or --db in a new folder).
 * If it cannot be made, says why in one sentence.
 */
export function ensureStoreFolder(storePath: string): void {
  const dir = path.dirname(path.resolve(storePath));
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'you do not have permission to create it there'
        : code === 'EROFS'
          ? 'the disk is read-only'
          : code === 'ENOTDIR' || code === 'EEXIST'
            ? 'a file of that name is in the way'
            : code === 'ENOSPC'
              ? 'the disk is full'
              : `the system said "${(e as Error).message}"`;
    throw new TellerError('store-unreadable', `Teller cannot create the folder ${dir} for its data, because ${why}. Choose another place with --db or TELLER_DB.`);
  }
}
