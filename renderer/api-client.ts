import type { ApiInput, ApiOutput, MethodName } from '../shared/api';
import { apiEventSchema, type ApiEvent } from '../shared/api-events';
import type { ApiResult, TellerErrorInfo } from '../shared/errors';

/** An Api error as the user should see it: a stable code and a plain-English message. */
export class ApiError extends Error {
  constructor(readonly info: TellerErrorInfo) {
    super(info.message);
  }
}

interface Bridge {
  call(method: string, input: unknown): Promise<unknown>;
  onEvent?(listener: (event: unknown) => void): () => void;
  pickFile?(): Promise<unknown>;
  pickFiles?(options: { directory: boolean }): Promise<unknown>;
}

declare global {
  interface Window {
    tellerBridge?: Bridge;
  }
}

const TOKEN_KEY = 'teller-token';

/** The browser host gives its token in the address once; keep it for this tab and tidy the address. */
function browserToken(): string {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function transport(): Bridge {
  if (window.tellerBridge) return window.tellerBridge;
  const token = browserToken();
  return {
    async call(method, input) {
      const response = await fetch(`./api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Teller-Token': token },
        body: JSON.stringify(input),
      });
      return (await response.json()) as unknown;
    },
  };
}

const bridge = transport();

export interface ChosenFile {
  fileId: string;
  name: string;
}

function pickAndUpload(): Promise<ChosenFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.csv,.txt,text/csv';
    input.hidden = true;
    document.body.append(input);
    const done = () => input.remove();
    input.addEventListener('cancel', () => {
      done();
      resolve(null);
    });
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      done();
      if (!file) return resolve(null);
      fetch(`./upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers: { 'X-Teller-Token': browserToken() }, body: file })
        .then((r) => r.json() as Promise<ApiResult<{ fileId: string }>>)
        .then((r) => (r.ok ? resolve({ fileId: r.value.fileId, name: file.name }) : reject(new ApiError(r.error))))
        .catch(() => reject(new ApiError({ code: 'internal', message: 'The file could not be sent to Teller. Check Teller is still running and try again.' })));
    });
    input.click();
  });
}

/** Hands files the user dropped or picked in the page to Teller (browser host), one at a time, reporting progress. */
export async function uploadFiles(files: readonly File[], onProgress: (done: number, total: number) => void): Promise<ChosenFile[]> {
  const out: ChosenFile[] = [];
  for (const [i, file] of files.entries()) {
    const r = (await (await fetch(`./upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers: { 'X-Teller-Token': browserToken() }, body: file })).json()) as ApiResult<{ fileId: string }>;
    if (!r.ok) throw new ApiError(r.error);
    out.push({ fileId: r.value.fileId, name: file.name });
    onProgress(i + 1, files.length);
  }
  return out;
}

/** Several files (or every file of a folder): the system dialog in the desktop app, the browser's picker otherwise. */
export async function chooseFiles(directory: boolean, onProgress: (done: number, total: number) => void): Promise<ChosenFile[]> {
  if (bridge.pickFiles) return (await bridge.pickFiles({ directory })) as ChosenFile[];
  const files = await new Promise<File[]>((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    if (directory) input.webkitdirectory = true;
    else input.accept = '.json,application/json';
    input.hidden = true;
    document.body.append(input);
    input.addEventListener('cancel', () => {
      input.remove();
      resolve([]);
    });
    input.addEventListener('change', () => {
      const chosen = [...(input.files ?? [])].filter((f) => !directory || f.name.endsWith('.json'));
      input.remove();
      resolve(chosen);
    });
    input.click();
  });
  return uploadFiles(files, onProgress);
}

/** Asks the user for a CSV file and hands it to Teller: the system dialog in the desktop app, an upload in the browser. */
export async function chooseFile(): Promise<ChosenFile | null> {
  if (bridge.pickFile) return (await bridge.pickFile()) as ChosenFile | null;
  return pickAndUpload();
}

const listeners = new Set<(event: ApiEvent) => void>();

/** Listens for Api events until the returned function is called. The one place such events enter the renderer. */
export function onApiEvent(listener: (event: ApiEvent) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function emitApiEvent(event: ApiEvent): void {
  for (const listener of [...listeners]) listener(event);
}

function receive(raw: unknown): void {
  const parsed = apiEventSchema.safeParse(raw);
  if (parsed.success) emitApiEvent(parsed.data);
}

/**
 * The events the service pushes: through the bridge in the desktop app; in the browser, a
 * stream of Server-Sent Events read with the run's token, opened again if it drops (and,
 * since events may have been missed meanwhile, followed by a "changed").
 */
function listenForEvents(): void {
  if (window.tellerBridge) {
    window.tellerBridge.onEvent?.(receive);
    return;
  }
  const token = browserToken();
  const connect = async (again: boolean) => {
    try {
      const response = await fetch('./events', { headers: { 'X-Teller-Token': token }, cache: 'no-store' });
      if (!response.ok || !response.body) throw new Error('no event stream');
      if (again) emitApiEvent({ kind: 'changed' });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (data) receive(JSON.parse(data));
        }
      }
    } catch {
      // Teller stopped or the connection dropped: try again shortly.
    }
    window.setTimeout(() => void connect(true), 1000);
  };
  void connect(false);
}

listenForEvents();

/** Calls one Api method on whichever host serves this window. */
export async function call<K extends MethodName>(method: K, input: ApiInput<K>): Promise<ApiOutput<K>> {
  let result: ApiResult<ApiOutput<K>>;
  try {
    result = (await bridge.call(method, input)) as ApiResult<ApiOutput<K>>;
  } catch {
    throw new ApiError({ code: 'internal', message: 'Teller could not reach its data. If you are using the browser, check Teller is still running.' });
  }
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}
