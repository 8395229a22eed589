import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../db/hosts/browser-host';
import { inProcessService } from '../../../db/hosts/service-client';
import { MAX_IMPORT_BYTES, readImportBytes } from '../../../db/members/csv-import';
import { uploadFolderFor } from '../../../db/files/staged-files';
import { smallDisk } from '../small-disk';
import { FUZZ_RUNS } from '../fuzz/runs';
import { openService, tempDir } from '../db/fixtures';

let host: BrowserHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

async function start(dir?: string) {
  const svc = openService(dir);
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Teller</title>');
  const internal: unknown[] = [];
  host = await startBrowserHost({ service: inProcessService(svc.service), staticDir, onInternalError: (e) => internal.push(e) });
  return { svc, host, internal, uploads: uploadFolderFor(svc.storePath) };
}

interface Answer {
  status: number;
  body: string;
}

/** Sends raw bytes on a fresh connection and reads the answer's status line and body, or null if the connection was cut. */
function raw(port: number, bytes: string | Buffer, options: { endAfterWrite?: boolean; destroyAfterWrite?: boolean } = {}): Promise<Answer | null> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(data ? parse(data) : null);
    }, 3000);
    socket.on('connect', () => {
      socket.write(bytes, () => {
        if (options.destroyAfterWrite) {
          socket.destroy();
          clearTimeout(timer);
          resolve(null);
        } else if (options.endAfterWrite !== false) socket.end();
      });
    });
    socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data ? parse(data) : null);
    });
  });
}

function parse(text: string): Answer | null {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  if (!m) return null;
  return { status: Number(m[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

function portOf(h: BrowserHost): number {
  return Number(new URL(h.origin).port);
}

/** A full request through Node's client, with the body streamed in chunks. */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; chunks?: Iterable<Buffer> } = {}) {
  return new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('error', (e) => resolve({ error: e.message }));
    if (options.chunks) {
      const it = options.chunks[Symbol.iterator]();
      const pump = () => {
        for (;;) {
          const next = it.next();
          if (next.done) return void req.end();
          if (!req.write(next.value)) return void req.once('drain', pump);
        }
      };
      pump();
    } else req.end(options.body);
  });
}

/** The host still answers an Api call. */
async function stillServing(h: BrowserHost): Promise<void> {
  const r = await request(`${h.origin}/api/getState`, { method: 'POST', headers: { 'X-Teller-Token': h.token }, body: '{}' });
  expect(r).toMatchObject({ status: 200 });
  expect(JSON.parse((r as { body: string }).body)).toMatchObject({ ok: true });
}

function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

function* chunksOf(total: number, size = 1024 * 1024): Generator<Buffer> {
  const chunk = Buffer.alloc(size, 'a');
  for (let sent = 0; sent < total; sent += size) yield total - sent >= size ? chunk : chunk.subarray(0, total - sent);
}

describe('the browser host under hostile requests', () => {
  it('answers malformed percent-encoding and invalid URLs with 400 and keeps serving', async () => {
    const { host: h, internal } = await start();
    const hostHeader = new URL(h.origin).host;
    for (const target of ['/%E0%A4%A', '/%', '/a%00b', '//[', '/assets/%C0%AF', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd']) {
      const r = await raw(portOf(h), `GET ${target} HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`);
      expect(r, target).not.toBeNull();
      expect([400, 404], target).toContain(r!.status);
      await stillServing(h);
    }
    const r = await raw(portOf(h), `POST /api/% HTTP/1.1\r\nHost: ${hostHeader}\r\nX-Teller-Token: ${h.token}\r\nContent-Length: 2\r\n\r\n{}`);
    expect(r!.status).toBe(400);
    expect(JSON.parse(r!.body)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    await stillServing(h);
    expect(internal).toEqual([]);
  });

  it('refuses an upload one byte over the limit with 413, keeps no file, and keeps serving', async () => {
    const { host: h, uploads } = await start();
    const url = `${h.origin}/upload?name=members.csv`;
    // Declared too large: refused before a byte is read.
    const declared = await request(url, { method: 'POST', headers: { 'X-Teller-Token': h.token, 'Content-Length': String(MAX_IMPORT_BYTES + 10) }, chunks: chunksOf(MAX_IMPORT_BYTES + 10) });
    if ('status' in declared) expect(declared.status).toBe(413);
    await stillServing(h);
    // Streamed without a length: refused once it passes the limit.
    for (let attempt = 0; attempt < 3; attempt++) {
      const streamed = await request(url, { method: 'POST', headers: { 'X-Teller-Token': h.token, 'Transfer-Encoding': 'chunked' }, chunks: chunksOf(MAX_IMPORT_BYTES + 10) });
      expect(streamed).toMatchObject({ status: 413 });
      expect(JSON.parse((streamed as { body: string }).body)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/larger than 64 MB/) as unknown } });
      await stillServing(h);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(filesIn(uploads)).toEqual([]);
  });

  it('reports an upload as saved only when it is complete, byte for byte, and keeps it encrypted', async () => {
    const { svc, host: h, uploads } = await start();
    const body = Buffer.from('Membership number,First name,Last name\r\n'.repeat(20_000));
    const r = await request(`${h.origin}/upload?name=members.csv`, { method: 'POST', headers: { 'X-Teller-Token': h.token }, chunks: [body.subarray(0, 300_000), body.subarray(300_000)] });
    expect(r).toMatchObject({ status: 200 });
    const { fileId } = (JSON.parse((r as { body: string }).body) as { value: { fileId: string } }).value;
    const saved = svc.service.staged.get(fileId);
    // On disk: a 16-byte IV and the body encrypted (never the text); read with its key, the body byte for byte.
    const onDisk = fs.readFileSync(saved.path);
    expect(onDisk.length).toBe(body.length + 16);
    expect(onDisk.includes(Buffer.from('Membership number'))).toBe(false);
    expect(readImportBytes(saved.path, saved.name, saved.key).equals(body)).toBe(true);
    expect(filesIn(uploads)).toHaveLength(1);
    svc.service.close();
    expect(fs.existsSync(uploads)).toBe(false);
  });

  it('removes the partial file of an upload that is cut short, and keeps serving', async () => {
    const { host: h, uploads } = await start();
    const hostHeader = new URL(h.origin).host;
    const head = `POST /upload?name=cut.csv HTTP/1.1\r\nHost: ${hostHeader}\r\nX-Teller-Token: ${h.token}\r\nContent-Length: 100000\r\n\r\n`;
    // The client sends less than it said, then closes; and one that vanishes mid-body.
    await raw(portOf(h), `${head}${'x'.repeat(5000)}`);
    await raw(portOf(h), `${head}${'x'.repeat(5000)}`, { destroyAfterWrite: true });
    await stillServing(h);
    await new Promise((r) => setTimeout(r, 100));
    expect(filesIn(uploads)).toEqual([]);
  });

  it('keeps serving when a client disconnects before its answer, or sends a truncated or oversized Api body', async () => {
    const { host: h } = await start();
    const hostHeader = new URL(h.origin).host;
    const call = (body: string, length = Buffer.byteLength(body)) => `POST /api/getAuditLog HTTP/1.1\r\nHost: ${hostHeader}\r\nX-Teller-Token: ${h.token}\r\nContent-Length: ${length}\r\n\r\n${body}`;
    for (let i = 0; i < 20; i++) await raw(portOf(h), call('{"limit": 100}'), { destroyAfterWrite: true });
    await raw(portOf(h), call('{"limit"', 5000));
    const big = await request(`${h.origin}/api/getState`, { method: 'POST', headers: { 'X-Teller-Token': h.token }, body: `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}` });
    expect(big).toMatchObject({ status: 413 });
    const bad = await raw(portOf(h), call('{not json'));
    expect(bad!.status).toBe(400);
    await stillServing(h);
  });

  it('serves a page opened as localhost exactly as one opened as 127.0.0.1, and still refuses other sites', async () => {
    const { host: h } = await start();
    const port = portOf(h);
    const asLocalhost = await request(`http://localhost:${port}/api/getState`, { method: 'POST', headers: { 'X-Teller-Token': h.token, Origin: `http://localhost:${port}`, Host: `localhost:${port}` }, body: '{}' });
    expect(asLocalhost).toMatchObject({ status: 200 });
    for (const origin of [`http://evil.example:${port}`, `http://localhost:${port + 1}`, 'null', `https://127.0.0.1:${port}`]) {
      const r = await request(`${h.origin}/api/getState`, { method: 'POST', headers: { 'X-Teller-Token': h.token, Origin: origin }, body: '{}' });
      expect(r, origin).toMatchObject({ status: 403 });
    }
  });

  it('survives thousands of random request lines, headers and bodies, answering /api after each', async () => {
    const { host: h } = await start();
    const hostHeader = new URL(h.origin).host;
    const token = h.token;
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'DELETE', 'G\u00e9T', '', 'POST POST');
    const target = fc.oneof(
      fc.constantFrom('/', '/api/getState', '/api/', '/api/%', '/upload', '/upload?name=%', '//[', '/%E0%A4%A', '*', 'http://x/', '/index.html'),
      fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => `/${s}`),
      fc.string({ maxLength: 30 }).map((s) => `/api/${s}`),
    );
    const header = fc.oneof(
      fc.constant(`Host: ${hostHeader}`),
      fc.constant(`X-Teller-Token: ${token}`),
      fc.constantFrom('Content-Length: 5', 'Content-Length: -1', 'Content-Length: 99999999999', 'Transfer-Encoding: chunked', 'Origin: http://evil.example', 'Expect: 100-continue', 'Connection: close'),
      fc.string({ unit: 'binary-ascii', maxLength: 30 }),
    );
    const body = fc.oneof(fc.constant(''), fc.json(), fc.string({ unit: 'binary', maxLength: 200 }), fc.constant('5\r\nhello\r\n0\r\n\r\n'));
    await fc.assert(
      fc.asyncProperty(method, target, fc.array(header, { maxLength: 6 }), body, fc.boolean(), async (m, t, headers, b, cut) => {
        await raw(portOf(h), `${m} ${t} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n${b}`, { destroyAfterWrite: cut });
        await stillServing(h);
      }),
      { numRuns: Math.max(FUZZ_RUNS * 5, 1500) },
    );
  }, 120_000);
});

// A full disk: a 3 MB tmpfs.
const { mountPoint, mounted } = smallDisk('3m');

describe.runIf(mounted)('an upload onto a full disk', () => {
  it('answers 507 "the disk is full", keeps no partial file, and keeps serving', async () => {
    const { host: h, uploads } = await start(mountPoint);
    const r = await request(`${h.origin}/upload?name=members.csv`, { method: 'POST', headers: { 'X-Teller-Token': h.token }, chunks: chunksOf(6 * 1024 * 1024, 64 * 1024) });
    expect(r).toMatchObject({ status: 507 });
    expect(JSON.parse((r as { body: string }).body)).toMatchObject({ ok: false, error: { code: 'disk-full', message: expect.stringMatching(/disk is full/) as unknown } });
    await stillServing(h);
    await new Promise((res) => setTimeout(res, 100));
    expect(filesIn(uploads)).toEqual([]);
    // Space is back: the next upload is saved.
    const small = await request(`${h.origin}/upload?name=members.csv`, { method: 'POST', headers: { 'X-Teller-Token': h.token }, body: 'a,b\r\n1,2\r\n' });
    expect(small).toMatchObject({ status: 200 });
  });
});
