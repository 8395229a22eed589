import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../db/hosts/browser-host';
import { inProcessService } from '../../../db/hosts/service-client';
import { openService, tempDir } from '../db/fixtures';

let host: BrowserHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

async function start() {
  const svc = openService();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Teller</title>');
  fs.writeFileSync(path.join(path.dirname(staticDir), 'secret.txt'), 'outside');
  host = await startBrowserHost({ service: inProcessService(svc.service), staticDir });
  return { svc, host };
}

/** A raw request, so headers such as Host and Origin can be set freely. */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the browser host', () => {
  it('listens on 127.0.0.1 only, on a random port, with a random token', async () => {
    const { host: h } = await start();
    expect(h.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(h.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(h.url).toBe(`${h.origin}/?token=${h.token}`);
  });

  it('refuses to listen on any address other than loopback', async () => {
    const svc = openService();
    await expect(startBrowserHost({ service: inProcessService(svc.service), staticDir: tempDir(), hostname: '0.0.0.0' })).rejects.toThrow(/only listens on this computer/);
  });

  it('answers an Api call that carries the token', async () => {
    const { host: h } = await start();
    const r = await request(`${h.origin}/api/getState`, { method: 'POST', headers: { 'X-Teller-Token': h.token }, body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { clp: null } });
  });

  it('refuses an Api call without the token, or with a wrong one, and changes nothing', async () => {
    const { svc, host: h } = await start();
    const body = JSON.stringify({ name: 'Intruders', code: null, mpName: 'X' });
    const attempts: Record<string, string>[] = [{}, { 'X-Teller-Token': 'wrong' }, { 'X-Teller-Token': `${h.token}x` }];
    for (const headers of attempts) {
      const r = await request(`${h.origin}/api/saveClp`, { method: 'POST', headers, body });
      expect(r.status).toBe(401);
    }
    expect(svc.ok<{ clp: unknown }>('getState').clp).toBeNull();
  });

  it('refuses calls from another origin even with the token', async () => {
    const { host: h } = await start();
    const r = await request(`${h.origin}/api/getState`, { method: 'POST', headers: { 'X-Teller-Token': h.token, Origin: 'http://evil.example' }, body: '{}' });
    expect(r.status).toBe(403);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { host: h } = await start();
    const r = await request(`${h.origin}/`, { headers: { Host: 'evil.example' } });
    expect(r.status).toBe(421);
  });

  it('validates input: malformed JSON and bad fields give coded errors', async () => {
    const { host: h } = await start();
    const bad = await request(`${h.origin}/api/saveClp`, { method: 'POST', headers: { 'X-Teller-Token': h.token }, body: '{not json' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const wrong = await request(`${h.origin}/api/saveClp`, { method: 'POST', headers: { 'X-Teller-Token': h.token }, body: '{"name":5}' });
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'name' } });
    const huge = await request(`${h.origin}/api/saveClp`, { method: 'POST', headers: { 'X-Teller-Token': h.token }, body: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
  });

  it('serves the app with a strict Content Security Policy, and nothing outside its folder', async () => {
    const { host: h } = await start();
    const page = await request(`${h.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await request(`${h.origin}/../secret.txt`)).status).toBe(404);
    expect((await request(`${h.origin}/%2e%2e/secret.txt`)).status).toBe(404);
  });
});
