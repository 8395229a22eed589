import type { WebPreferences } from 'electron';

/** The one scheme and host the renderer is served from inside the desktop app. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://teller';
export const IPC_CHANNEL = 'teller:call';
export const PICK_FILE_CHANNEL = 'teller:pick-file';

/** Web preferences of every Teller window (Electron security checklist). */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** True only for pages of the app itself: every other URL is refused for navigation and IPC. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'teller';
  } catch {
    return false;
  }
}
