import type { WebContents, WebPreferences } from 'electron';
import path from 'node:path';

/** The one scheme and host the renderer is served from inside the desktop app. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://teller';
export const IPC_CHANNEL = 'teller:call';
export const PICK_FILE_CHANNEL = 'teller:pick-file';
/** Events pushed by the service (data changed, job progress) to the renderer. */
export const EVENT_CHANNEL = 'teller:event';

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

/** The parts of a web contents the lock-down touches (so tests can drive it without Electron). */
export type LockableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Refuses navigation and redirects away from the app, webviews, and every new window. */
export function lockDown(contents: LockableContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** IPC is answered only for the app's own top frame. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return !!frame && isAppUrl(frame.url) && frame.parent === null;
}

/**
 * The file of the built renderer an app:// address names: `{ file }`, `{ file: null }` for an
 * address outside the app or its folder, or `'bad-request'` for one that cannot be read
 * (malformed URL or percent-encoding).
 */
export function rendererFile(rendererDir: string, url: string): { file: string | null } | 'bad-request' {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return 'bad-request';
  }
  if (!isAppUrl(url)) return { file: null };
  if (pathname.includes('\0')) return 'bad-request';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, ''));
  return { file: file.startsWith(root + path.sep) ? file : null };
}
