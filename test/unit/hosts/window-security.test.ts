import { describe, expect, it } from 'vitest';
import { isAppUrl, secureWebPreferences } from '../../../electron/window-security';

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
