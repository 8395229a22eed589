import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { dispatchCall } from '../../shared/api-dispatch';
import type { ApiHandlers } from '../../shared/api';
import { MAX_IMPORT_BYTES } from '../members/csv-import';
import type { StagedFiles } from '../files/staged-files';
import { SECURITY_HEADERS } from './content-security';

export interface BrowserHostOptions {
  handlers: ApiHandlers;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** Only loopback addresses are accepted. */
  hostname?: string;
  onInternalError?: (e: unknown) => void;
  /** Where uploaded files are kept until imported; without it, uploads are refused. */
  staged?: StagedFiles;
}

export interface BrowserHost {
  /** The address to open, token included. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_BODY = 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The local browser host: serves the built renderer and the same Api table as the desktop
 * app, on a loopback address only, to callers holding this run's random token.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const hostname = options.hostname ?? '127.0.0.1';
  if (!LOOPBACK.has(hostname)) {
    throw new Error(`Teller's browser host only listens on this computer (127.0.0.1), not on ${hostname}.`);
  }
  const token = randomBytes(24).toString('base64url');
  const staticDir = path.resolve(options.staticDir);
  let origin = '';
  let allowedHosts = new Set<string>();

  const refuse = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    if (req.method !== 'POST') {
      sendJson(res, 405, { ok: false, error: { code: 'invalid-input', message: 'Use POST.' } });
      return true;
    }
    if (req.headers.origin !== undefined && req.headers.origin !== origin) {
      sendJson(res, 403, { ok: false, error: { code: 'invalid-input', message: 'Requests from other sites are refused.' } });
      return true;
    }
    const given = req.headers['x-teller-token'];
    if (!tokenMatches(typeof given === 'string' ? given : undefined, token)) {
      sendJson(res, 401, { ok: false, error: { code: 'invalid-input', message: 'This page is not authorised. Open the address Teller printed when it started.' } });
      return true;
    }
    return false;
  };

  // A file for import, streamed to disk with a hard size limit, so memory stays bounded.
  const upload = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    if (refuse(req, res)) return;
    const staged = options.staged;
    if (!staged) return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'Uploads are not available here.' } });
    const target = staged.uploadTarget(url.searchParams.get('name') ?? 'upload.csv');
    const out = fs.createWriteStream(target.path);
    let size = 0;
    let failed = false;
    const fail = (status: number, message: string) => {
      if (failed) return;
      failed = true;
      out.destroy();
      staged.discard(target.id);
      sendJson(res, status, { ok: false, error: { code: 'invalid-file', message } });
      req.resume();
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_IMPORT_BYTES) fail(413, `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most Teller imports. Check it is the right file, or split it.`);
      else if (!failed) out.write(c);
    });
    req.on('end', () => {
      if (failed) return;
      out.end(() => sendJson(res, 200, { ok: true, value: { fileId: target.id } }));
    });
    req.on('error', () => fail(400, 'The upload was interrupted. Try again.'));
  };

  const server = http.createServer((req, res) => {
    // Refuse pages reached through another name (DNS rebinding) and calls from other sites.
    if (!req.headers.host || !allowedHosts.has(req.headers.host)) return send(res, 421, 'text/plain', 'Wrong host.');
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/upload') return upload(req, res, url);
    if (url.pathname.startsWith('/api/')) {
      if (refuse(req, res)) return;
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) tooLarge = true;
        else chunks.push(c);
      });
      req.on('end', () => {
        if (tooLarge) return sendJson(res, 413, { ok: false, error: { code: 'invalid-input', message: 'The request is too large.' } });
        let input: unknown;
        try {
          input = size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return sendJson(res, 400, { ok: false, error: { code: 'invalid-input', message: 'The request is not valid JSON.' } });
        }
        const result = dispatchCall(options.handlers, method, input, options.onInternalError);
        sendJson(res, 200, result);
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed.');
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(staticDir, relative);
    if (!file.startsWith(staticDir + path.sep)) return send(res, 404, 'text/plain', 'Not found.');
    fs.readFile(file, (err, body) => {
      if (err) return send(res, 404, 'text/plain', 'Not found.');
      send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', body);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = hostname === '::1' ? '[::1]' : hostname;
  origin = `http://${shownHost}:${port}`;
  allowedHosts = new Set([`${shownHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
