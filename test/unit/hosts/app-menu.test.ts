import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { allowedRequest, appMenuTemplate, refuseDevTools } from '../../../electron/app-menu';
import { isAppUrl } from '../../../electron/window-security';

/** Every role and label in a menu template, submenus included. */
function items(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(item.label ? [item.label] : []),
    ...(Array.isArray(item.submenu) ? items(item.submenu) : []),
  ]);
}

const DEVELOPER = ['toggleDevTools', 'reload', 'forceReload'];

describe('the application menu', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`has no Developer Tools or reload in a packaged build (${platform})`, () => {
      const packaged = items(appMenuTemplate({ packaged: true, platform }));
      for (const role of DEVELOPER) expect(packaged).not.toContain(role);
      expect(packaged).toEqual(expect.arrayContaining(['copy', 'paste', 'zoomIn', 'minimize']));
      expect(packaged).toContain(platform === 'darwin' ? 'close' : 'quit');
    });

    it(`offers them in development (${platform})`, () => {
      expect(items(appMenuTemplate({ packaged: false, platform }))).toEqual(expect.arrayContaining(DEVELOPER));
    });
  }
});

describe('Developer Tools in a packaged build', () => {
  it('devtools: requests are refused when packaged, allowed in development; other sites never', () => {
    expect(allowedRequest('devtools://devtools/bundled/inspector.html', true, isAppUrl)).toBe(false);
    expect(allowedRequest('devtools://devtools/bundled/inspector.html', false, isAppUrl)).toBe(true);
    expect(allowedRequest('app://teller/index.html', true, isAppUrl)).toBe(true);
    for (const packaged of [true, false]) expect(allowedRequest('https://example.com/', packaged, isAppUrl)).toBe(false);
  });

  it('are closed the moment they open when packaged, and left alone in development', () => {
    for (const packaged of [true, false]) {
      let opened: (() => void) | null = null;
      let closed = 0;
      const contents = {
        on(_event: 'devtools-opened', listener: () => void) {
          opened = listener;
          return contents;
        },
        closeDevTools() {
          closed += 1;
        },
      };
      refuseDevTools(contents, packaged);
      (opened as (() => void) | null)?.();
      expect(closed).toBe(packaged ? 1 : 0);
    }
  });
});
