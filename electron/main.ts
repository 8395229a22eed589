import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { dispatchCall } from '../shared/api-dispatch';
import { TellerError } from '../shared/errors';
import { SECURITY_HEADERS } from '../db/hosts/content-security';
import { TellerService } from '../db/service';
import { currentActor, defaultStorePath, demoStorePath, userDataDir } from '../db/store/location';
import { APP_ORIGIN, APP_SCHEME, IPC_CHANNEL, isAppUrl, isTrustedSender, lockDown, PICK_FILE_CHANNEL, secureWebPreferences } from './window-security';

const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
app.setPath('userData', userDataDir());

function serveRenderer(request: Request): Response {
  const url = new URL(request.url);
  const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
  const file = path.resolve(RENDERER_DIR, relative);
  if (!isAppUrl(request.url) || !file.startsWith(RENDERER_DIR + path.sep) || !fs.existsSync(file)) {
    return new Response('Not found', { status: 404 });
  }
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
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAppUrl(details.url) && !details.url.startsWith('devtools:') }));
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, serveRenderer);
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  const storePath = defaultStorePath();
  let service: TellerService;
  try {
    service = new TellerService({
      actor: currentActor(),
      now: () => new Date(),
      storePath,
      demoPath: demoStorePath(storePath),
      importWorker: path.join(__dirname, '..', 'import-worker.cjs'),
      // The signing key is sealed by the operating system's keychain through safeStorage.
      ...(safeStorage.isEncryptionAvailable()
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
    return dispatchCall(service.handlers, method, input, (e) => console.error(e));
  });

  // Files for import come from the system dialog, so the renderer never names a path itself.
  ipcMain.handle(PICK_FILE_CHANNEL, async (event, options: unknown) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    if (!isTrustedSender(event.senderFrame) || !win) return null;
    const o = (typeof options === 'object' && options !== null ? options : {}) as { multiple?: unknown; directory?: unknown };
    const multiple = o.multiple === true;
    const directory = o.directory === true;
    if (directory) {
      const picked = await dialog.showOpenDialog(win, { properties: ['openDirectory'] });
      const folder = picked.filePaths[0];
      if (picked.canceled || !folder) return [];
      return fs
        .readdirSync(folder)
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ fileId: service.staged.add(path.join(folder, f)), name: f }));
    }
    const picked = await dialog.showOpenDialog(win, {
      properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
      filters: multiple ? [{ name: 'Teller reports', extensions: ['json'] }] : [{ name: 'CSV files', extensions: ['csv', 'txt'] }],
    });
    const chosen = picked.canceled ? [] : picked.filePaths.map((file) => ({ fileId: service.staged.add(file), name: path.basename(file) }));
    return multiple ? chosen : (chosen[0] ?? null);
  });

  createWindow();
  app.on('window-all-closed', () => {
    service.close();
    app.quit();
  });
}

void start();
