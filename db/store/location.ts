import os from 'node:os';
import path from 'node:path';

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
