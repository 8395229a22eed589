import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { dispatchCall } from '../../shared/api-dispatch';
import type { ApiHandlers } from '../../shared/api';
import { SECURITY_HEADERS } from './content-security';

export interface BrowserHostOptions {
  handlers: ApiHandlers;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** Only loopback addresses are accepted. */
  hostname?: string;
  onInternalError?: (e: unknown) => void;
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

  const server = http.createServer((req, res) => {
    // Refuse pages reached through another name (DNS rebinding) and calls from other sites.
    if (!req.headers.host || !allowedHosts.has(req.headers.host)) return send(res, 421, 'text/plain', 'Wrong host.');
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid-input', message: 'Use POST.' } });
      if (req.headers.origin !== undefined && req.headers.origin !== origin) {
        return sendJson(res, 403, { ok: false, error: { code: 'invalid-input', message: 'Requests from other sites are refused.' } });
      }
      const given = req.headers['x-teller-token'];
      if (!tokenMatches(typeof given === 'string' ? given : undefined, token)) {
        return sendJson(res, 401, { ok: false, error: { code: 'invalid-input', message: 'This page is not authorised. Open the address Teller printed when it started.' } });
      }
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
