import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { CONTENT_SECURITY_POLICY } from '../../../db/hosts/content-security';
import { isAppUrl, isTrustedSender, lockDown, rendererFile, secureWebPreferences, type LockableContents } from '../../../electron/window-security';

describe('the Electron window', () => {
  it('has context isolation, the sandbox and web security on, and no Node', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('treats only the app’s own pages as the app', () => {
    expect(isAppUrl('app://teller/index.html')).toBe(true);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://other/index.html', 'http://127.0.0.1/', 'not a url', 'javascript:alert(1)']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
});

describe('navigation, new windows and IPC', () => {
  function fakeContents() {
    const handlers = new Map<string, (event: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: (() => unknown) | null = null;
    const contents = {
      on(name: string, handler: (event: { preventDefault: () => void }, url?: string) => void) {
        handlers.set(name, handler);
        return contents;
      },
      setWindowOpenHandler(handler: () => unknown) {
        openHandler = handler;
      },
    };
    lockDown(contents as unknown as LockableContents);
    const prevented = (name: string, url?: string) => {
      let stopped = false;
      handlers.get(name)?.({ preventDefault: () => (stopped = true) }, url);
      return stopped;
    };
    return { prevented, openWindow: () => openHandler?.() };
  }

  it('refuses navigation and redirects away from the app, webviews and every new window', () => {
    const c = fakeContents();
    expect(c.prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(c.prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(c.prevented('will-navigate', 'app://teller/index.html#/dashboard')).toBe(false);
    expect(c.prevented('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(c.prevented('will-attach-webview')).toBe(true);
    expect(c.openWindow()).toEqual({ action: 'deny' });
  });

  it('answers IPC only from the app’s own top frame', () => {
    expect(isTrustedSender({ url: 'app://teller/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://teller/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('the Content Security Policy', () => {
  it('is the same in the page’s meta tag as in the headers (less frame-ancestors, which a meta cannot set)', () => {
    const html = fs.readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const header = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).sort();
    expect(meta?.split('; ').sort()).toEqual(header);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });
});

describe('the packaged build', () => {
  it('flips the fuses: no RunAsNode, no NODE_OPTIONS or inspect, asar integrity on, app only from asar', () => {
    const yml = fs.readFileSync('electron-builder.yml', 'utf8');
    const fuses = yml.slice(yml.indexOf('electronFuses:'));
    const fuse = (name: string) => new RegExp(`\\n\\s+${name}: (true|false)`).exec(fuses)?.[1];
    expect(fuse('runAsNode')).toBe('false');
    expect(fuse('enableNodeOptionsEnvironmentVariable')).toBe('false');
    expect(fuse('enableNodeCliInspectArguments')).toBe('false');
    expect(fuse('enableEmbeddedAsarIntegrityValidation')).toBe('true');
    expect(fuse('onlyLoadAppFromAsar')).toBe('true');
    expect(fuse('grantFileProtocolExtraPrivileges')).toBe('false');
  });
});

describe('the app:// handler', () => {
  const dir = '/opt/teller/renderer';
  it('serves files of the built renderer only', () => {
    expect(rendererFile(dir, 'app://teller/')).toEqual({ file: '/opt/teller/renderer/index.html' });
    expect(rendererFile(dir, 'app://teller/assets/app.js')).toEqual({ file: '/opt/teller/renderer/assets/app.js' });
    expect(rendererFile(dir, 'app://teller/..%2F..%2Fetc%2Fpasswd')).toEqual({ file: null });
    expect(rendererFile(dir, 'app://other/index.html')).toEqual({ file: null });
  });

  it('answers a malformed address as a bad request instead of throwing', () => {
    for (const url of ['app://teller/%E0%A4%A', 'app://teller/%', 'app://teller/a%00b', 'not a url', 'app://[']) {
      expect(rendererFile(dir, url)).toBe('bad-request');
    }
  });
});
