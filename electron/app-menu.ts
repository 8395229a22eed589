import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu, set explicitly so Electron's default (which offers Developer Tools
 * and reloading) never appears. A packaged build has no developer items at all: no Toggle
 * Developer Tools, no Reload, and so none of their keyboard shortcuts.
 */
export function appMenuTemplate({ packaged, platform, appName = 'Teller' }: { packaged: boolean; platform: NodeJS.Platform; appName?: string }): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const developer: MenuItemConstructorOptions[] = packaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return [
    ...(mac
      ? [
          {
            label: appName,
            submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [...developer, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
  ];
}

/** Whether the window may fetch a URL: the app's own pages, and Developer Tools' own pages only in development. */
export function allowedRequest(url: string, packaged: boolean, isAppUrl: (url: string) => boolean): boolean {
  if (isAppUrl(url)) return true;
  return !packaged && url.startsWith('devtools:');
}

/** The parts of a web contents the Developer Tools guard touches (so tests can drive it without Electron). */
type DevToolsContents = {
  on(event: 'devtools-opened', listener: () => void): unknown;
  closeDevTools(): void;
};

/** In a packaged build, Developer Tools are closed the moment anything opens them. */
export function refuseDevTools(contents: DevToolsContents, packaged: boolean): void {
  if (!packaged) return;
  contents.on('devtools-opened', () => contents.closeDevTools());
}
