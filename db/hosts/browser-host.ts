import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ErrorCode } from '../../shared/errors';
import { uploadEncryption } from '../files/staged-files';
import { MAX_IMPORT_BYTES } from '../members/csv-import';
import type { HostedService } from './hosted-service';
import { SECURITY_HEADERS } from './content-security';

interface BrowserHostOptions {
  /** The service whose Api this host serves (its worker in the app; in process in some tests). */
  service: HostedService;
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

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return; // the caller has gone, or was already answered
  res.writeHead(status, { ...SECURITY_HEADERS, ...extra, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, extra?: Record<string, string>): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extra);
}

function sendError(res: http.ServerResponse, status: number, code: ErrorCode, message: string, extra?: Record<string, string>): void {
  sendJson(res, status, { ok: false, error: { code, message } }, extra);
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** decodeURIComponent that answers null for malformed percent-encoding instead of throwing. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

const GENERIC = 'Something went wrong inside Teller and nothing was changed. Please try again; if it keeps happening, make a backup and report it.';
const DISK_FULL = 'The disk is full, so the file was not saved. Free some space and send it again.';

/**
 * The local browser host: serves the built renderer and the same Api table as the desktop
 * app, on a loopback address only, to callers holding this run's random token. No request,
 * however malformed, large, cut short or abandoned, can stop it: each gets a plain answer.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const hostname = options.hostname ?? '127.0.0.1';
  if (!LOOPBACK.has(hostname)) {
    throw new Error(`Teller's browser host only listens on this computer (127.0.0.1), not on ${hostname}.`);
  }
  const token = randomBytes(24).toString('base64url');
  const staticDir = path.resolve(options.staticDir);
  const logInternal = options.onInternalError ?? (() => undefined);
  let origin = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const refuse = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    if (req.method !== 'POST') {
      sendError(res, 405, 'invalid-input', 'Use POST.');
      return true;
    }
    if (req.headers.origin !== undefined && !allowedOrigins.has(req.headers.origin)) {
      sendError(res, 403, 'invalid-input', 'Requests from other sites are refused.');
      return true;
    }
    const given = req.headers['x-teller-token'];
    if (!tokenMatches(typeof given === 'string' ? given : undefined, token)) {
      sendError(res, 401, 'invalid-input', 'This page is not authorised. Open the address Teller printed when it started.');
      return true;
    }
    return false;
  };

  /**
   * Answers a body that is over the limit, then reads and drops what the client still sends
   * (so it sees the answer), closing the connection if it keeps sending far past the limit.
   */
  const tooLarge = (req: http.IncomingMessage, res: http.ServerResponse, limit: number, message: string) => {
    sendError(res, 413, 'invalid-file', message, { Connection: 'close' });
    let drained = 0;
    req.on('data', (c: Buffer) => {
      drained += c.length;
      if (drained > limit) req.socket.destroy();
    });
    req.resume();
  };

  const declaredLength = (req: http.IncomingMessage): number => {
    const n = Number(req.headers['content-length']);
    return Number.isFinite(n) && n >= 0 ? n : 0;
  };

  // A file for import, streamed to disk with a hard size limit, so memory stays bounded. It is
  // reported as saved only once every byte is on disk; a partial file is always removed. It is
  // written encrypted (AES-256-CTR, with the key the service keeps in memory), never in plain text.
  const upload = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    if (refuse(req, res)) return;
    const service = options.service;
    const limitMessage = `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most Teller imports. Check it is the right file, or split it.`;
    if (declaredLength(req) > MAX_IMPORT_BYTES) return tooLarge(req, res, MAX_IMPORT_BYTES, limitMessage);
    let target: { id: string; path: string; key: string };
    try {
      target = await service.uploadTarget(url.searchParams.get('name') ?? 'upload.csv');
    } catch (e) {
      const full = /ENOSPC/.test(String(e));
      if (!full) logInternal(e);
      return full ? sendError(res, 507, 'disk-full', DISK_FULL) : sendError(res, 500, 'internal', GENERIC);
    }
    const out = fs.createWriteStream(target.path, { flags: 'wx', mode: 0o600 });
    const sealed = uploadEncryption(target.key);
    out.write(sealed.header);
    let size = 0;
    let failed = false;
    // The partial file is removed once the stream has let go of it (it may still be opening).
    const fail = (status: number, code: ErrorCode, message: string) => {
      if (failed) return;
      failed = true;
      out.once('close', () => void service.discard(target.id).catch(logInternal));
      out.destroy();
      if (status > 0) sendError(res, status, code, message, { Connection: 'close' });
      req.resume(); // read and drop the rest, so the client sees the answer
    };
    // The client went away while the place was being made.
    if (req.destroyed) return fail(0, 'invalid-file', '');
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (failed) {
        if (size > 2 * MAX_IMPORT_BYTES) req.destroy(); // still sending, far past the limit
        return;
      }
      if (size > MAX_IMPORT_BYTES) return fail(413, 'invalid-file', limitMessage);
      if (!out.write(sealed.encrypt(chunk))) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    });
    req.on('end', () => {
      if (!failed) out.end();
    });
    // Cut short (the client went away or sent less than it said): nobody to answer.
    req.on('close', () => {
      if (!req.complete) fail(0, 'invalid-file', '');
    });
    out.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return fail(507, 'disk-full', DISK_FULL);
      logInternal(e);
      fail(500, 'internal', GENERIC);
    });
    // Reported as saved only once every byte is on disk.
    out.on('finish', () => {
      if (failed) return;
      if (out.bytesWritten !== sealed.header.length + size) return fail(500, 'internal', GENERIC);
      service.uploaded(target.id).then(
        () => sendJson(res, 200, { ok: true, value: { fileId: target.id } }),
        (e: unknown) => {
          logInternal(e);
          sendError(res, 500, 'internal', GENERIC);
        },
      );
    });
  };

  // Pushed events (data changed, job progress) as Server-Sent Events, to callers with the token.
  const streams = new Set<http.ServerResponse>();
  const unsubscribe = options.service.onEvent((event) => {
    for (const r of streams) r.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => {
    for (const r of streams) r.write(': still here\n\n');
  }, 15_000);
  heartbeat.unref();
  const events = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method !== 'GET') return sendError(res, 405, 'invalid-input', 'Use GET.');
    if (req.headers.origin !== undefined && !allowedOrigins.has(req.headers.origin)) return sendError(res, 403, 'invalid-input', 'Requests from other sites are refused.');
    const given = req.headers['x-teller-token'];
    if (!tokenMatches(typeof given === 'string' ? given : undefined, token)) return sendError(res, 401, 'invalid-input', 'This page is not authorised.');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  };

  const api = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    if (refuse(req, res)) return;
    const method = decoded(pathname.slice('/api/'.length));
    if (method === null) return sendError(res, 400, 'unknown-method', 'Teller does not know that request.');
    if (declaredLength(req) > MAX_BODY) return tooLarge(req, res, MAX_BODY, 'The request is too large.');
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > MAX_BODY) {
        over = true;
        chunks.length = 0;
        tooLarge(req, res, MAX_BODY, 'The request is too large.');
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (over) return;
      let input: unknown;
      try {
        input = size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return sendError(res, 400, 'invalid-input', 'The request is not valid JSON.');
      }
      options.service.call(method, input).then(
        (result) => sendJson(res, 200, result),
        (e: unknown) => {
          logInternal(e);
          sendError(res, 500, 'internal', GENERIC);
        },
      );
    });
  };

  const serveFile = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed.');
    const name = pathname === '/' ? 'index.html' : decoded(pathname)?.replace(/^\/+/, '');
    if (name === undefined || name.includes('\0')) return send(res, 400, 'text/plain', 'Bad request.');
    const file = path.resolve(staticDir, name);
    if (!file.startsWith(staticDir + path.sep)) return send(res, 404, 'text/plain', 'Not found.');
    fs.readFile(file, (err, body) => {
      if (err) return send(res, 404, 'text/plain', 'Not found.');
      send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', body);
    });
  };

  const route = (req: http.IncomingMessage, res: http.ServerResponse) => {
    // Refuse pages reached through another name (DNS rebinding) and calls from other sites.
    if (!req.headers.host || !allowedHosts.has(req.headers.host)) return send(res, 421, 'text/plain', 'Wrong host.');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      return send(res, 400, 'text/plain', 'Bad request.');
    }
    if (url.pathname === '/upload') {
      upload(req, res, url).catch((e: unknown) => {
        logInternal(e);
        sendError(res, 500, 'internal', GENERIC);
      });
      return;
    }
    if (url.pathname === '/events') return events(req, res);
    if (url.pathname.startsWith('/api/')) return api(req, res, url.pathname);
    serveFile(req, res, url.pathname);
  };

  const server = http.createServer((req, res) => {
    // A stream error on either side is the client's connection failing: nothing to answer.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    try {
      route(req, res);
    } catch (e) {
      // The one top-level guard: anything unexpected is logged and answered, and the host goes on.
      logInternal(e);
      sendError(res, 500, 'internal', GENERIC);
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = hostname === '::1' ? '[::1]' : hostname;
  origin = `http://${shownHost}:${port}`;
  allowedHosts = new Set([`${shownHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);
  // The page may be opened as localhost or 127.0.0.1: its calls carry that origin.
  allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        clearInterval(heartbeat);
        for (const r of streams) r.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
