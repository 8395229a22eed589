import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { TellerError } from '../shared/errors';
import { SECURITY_HEADERS } from '../db/hosts/content-security';
import type { HostedService } from '../db/hosts/hosted-service';
import { startServiceWorker } from '../db/hosts/service-client';
import { currentActor, defaultStorePath, demoStorePath, userDataDir } from '../db/store/location';
import { allowedRequest, appMenuTemplate, refuseDevTools } from './app-menu';
import { APP_ORIGIN, APP_SCHEME, EVENT_CHANNEL, IPC_CHANNEL, isAppUrl, isTrustedSender, lockDown, PICK_FILE_CHANNEL, rendererFile, secureWebPreferences } from './window-security';

const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
app.setPath('userData', userDataDir());

/** Serves the built renderer on app://teller; a malformed address is answered 400, never thrown. */
function serveRenderer(request: Request): Response {
  const found = rendererFile(RENDERER_DIR, request.url);
  if (found === 'bad-request') return new Response('Bad request', { status: 400 });
  const { file } = found;
  if (file === null || !fs.existsSync(file)) return new Response('Not found', { status: 404 });
  return new Response(fs.readFileSync(file), { headers: { ...SECURITY_HEADERS, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' } });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Teller',
    show: false,
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    dialog.showErrorBox('Teller is already open', 'Another Teller window is already using this store. Switch to it instead.');
    app.quit();
    return;
  }
  await app.whenReady();

  // Offline: nothing leaves the machine, no permissions are granted.
  const ses = session.defaultSession;
  // A packaged build has no Developer Tools: no menu item, no devtools: requests, and any
  // that open are closed at once.
  const packaged = app.isPackaged;
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ packaged, platform: process.platform })));
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !allowedRequest(details.url, packaged, isAppUrl) }));
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, serveRenderer);
  app.on('web-contents-created', (_event, contents) => {
    lockDown(contents);
    refuseDevTools(contents, packaged);
  });

  // The service (store, handlers, jobs) runs in its own worker thread: this process keeps
  // only the window, the dialogs and the bridge, so no Api call can freeze the app.
  const storePath = defaultStorePath();
  // The keychain seals the signing key and the store's key. On Linux without a keyring,
  // safeStorage falls back to a fixed password ("basic_text"): that is no protection, so it
  // counts as no keychain, and the store's key is sealed by a passphrase instead.
  const basicText = process.platform === 'linux' && safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend() === 'basic_text';
  const keychain = safeStorage.isEncryptionAvailable() && !basicText;
  const keychainNote = keychain
    ? undefined
    : basicText
      ? 'This computer has no keyring (such as GNOME Keyring or KWallet) for Teller to keep its key in, so your store is protected by a passphrase instead.'
      : "This computer's keychain is not available to Teller, so your store is protected by a passphrase instead.";
  let service: HostedService;
  try {
    service = await startServiceWorker({
      workerFile: path.join(__dirname, '..', 'service-worker.cjs'),
      actor: currentActor(),
      storePath,
      demoPath: demoStorePath(storePath),
      importWorker: path.join(__dirname, '..', 'import-worker.cjs'),
      onInternalError: (e) => console.error(e),
      // The signing key and the store's key are sealed by the operating system's keychain
      // through safeStorage, which exists only in this process: the worker asks through a port.
      ...(keychainNote ? { keychainNote } : {}),
      ...(keychain
        ? {
            sealer: {
              kind: 'safe-storage' as const,
              seal: (secret: Buffer) => safeStorage.encryptString(secret.toString('base64')),
              open: (sealed: Buffer) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
            },
          }
        : {}),
    });
  } catch (e) {
    const message = e instanceof TellerError ? e.message : `Teller could not open its store at ${storePath}: ${(e as Error).message}`;
    dialog.showErrorBox('Teller cannot open its data', message);
    app.quit();
    return;
  }

  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'invalid-input', message: 'Refused a request from outside Teller.' } };
    }
    return service.call(method, input);
  });

  // Files for import come from the system dialog, so the renderer never names a path itself.
  ipcMain.handle(PICK_FILE_CHANNEL, async (event, options: unknown) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    if (!isTrustedSender(event.senderFrame) || !win) return null;
    const o = (typeof options === 'object' && options !== null ? options : {}) as { multiple?: unknown; directory?: unknown };
    const multiple = o.multiple === true;
    const directory = o.directory === true;
    const stage = (files: string[], folder?: string) => Promise.all(files.map(async (file) => ({ fileId: await service.stageFile(file, folder), name: path.basename(file) })));
    if (directory) {
      const picked = await dialog.showOpenDialog(win, { properties: ['openDirectory'] });
      const folder = picked.filePaths[0];
      if (picked.canceled || !folder) return [];
      return stage(
        fs
          .readdirSync(folder)
          .filter((f) => f.endsWith('.json'))
          .map((f) => path.join(folder, f)),
        folder,
      );
    }
    const picked = await dialog.showOpenDialog(win, {
      properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
      filters: multiple ? [{ name: 'Teller reports', extensions: ['json'] }] : [{ name: 'CSV files', extensions: ['csv', 'txt'] }],
    });
    const chosen = picked.canceled ? [] : await stage(picked.filePaths);
    return multiple ? chosen : (chosen[0] ?? null);
  });

  // Pushed events (data changed, job progress) go to every window of the app.
  service.onEvent((apiEvent) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(EVENT_CHANNEL, apiEvent);
  });

  createWindow();
  app.on('window-all-closed', () => {
    void service.close().finally(() => app.quit());
  });
}

void start();
