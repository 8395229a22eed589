import { useCallback, useEffect, useState } from 'react';
import type { ApiInput, ApiOutput, Job, MethodName } from '../shared/api';
import { ApiError, call, onApiEvent } from './api-client';
import { useSuccesses } from './successes';

/** Anything that went wrong on the way to or from the Api, as an ApiError with a message for the secretary. */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ code: 'internal', message: e instanceof Error ? e.message : String(e) });
}

/** The message of an error that belongs to one form field, for that field's Field. */
export function fieldError(error: ApiError | null | undefined, field: string): string | undefined {
  return error?.info.field === field ? error.message : undefined;
}

interface ApiQuery<T> {
  /** The latest answer; while a new one loads (other input, or the data changed) the previous one stays. */
  data: T | undefined;
  /** Why the latest load for this input failed. */
  error: ApiError | null;
  loading: boolean;
  refresh: () => void;
}

interface Loaded<T> {
  key: string;
  version: number;
  data: T | undefined;
  error: ApiError | null;
}

/**
 * Reads from the Api, and reads again when the input changes, when the data changes (an Api 'changed'
 * event) and on refresh(). A null input reads nothing.
 */
export function useApiQuery<K extends MethodName>(method: K, input: ApiInput<K> | null): ApiQuery<ApiOutput<K>> {
  // The input travels as JSON anyway; as a string it is a stable effect dependency however the caller builds it.
  const inputJson = input === null ? null : JSON.stringify(input);
  const key = `${method} ${inputJson}`;
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<ApiOutput<K>> | null>(null);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => onApiEvent((e) => e.kind === 'changed' && refresh()), [refresh]);

  useEffect(() => {
    if (inputJson === null) return;
    let current = true;
    const key = `${method} ${inputJson}`;
    call(method, JSON.parse(inputJson) as ApiInput<K>).then(
      (data) => current && setLoaded({ key, version, data, error: null }),
      (e: unknown) => current && setLoaded((prev) => ({ key, version, data: prev?.data, error: asApiError(e) })),
    );
    return () => {
      current = false;
    };
  }, [method, inputJson, version]);

  return {
    data: loaded?.data,
    error: loaded?.key === key ? loaded.error : null,
    loading: inputJson !== null && (loaded?.key !== key || loaded.version !== version),
    refresh,
  };
}

interface ApiTask {
  /** Runs the work; an error is kept in `error` (and the result is undefined) instead of thrown. */
  run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
  pending: boolean;
  error: ApiError | null;
  clearError: () => void;
  /** Shows a problem found before calling the Api, the way the Api would report it. */
  fail: (message: string, field?: string) => void;
}

/** Any piece of work that calls the Api (a change through the app store, an upload, an export), with its error. */
export function useApiTask(): ApiTask {
  const [pending, setPending] = useState(false);
  // The error, with how many actions had succeeded when it came: it shows until another one succeeds.
  const [failed, setFailed] = useState<{ error: ApiError; at: number } | null>(null);
  const successes = useSuccesses((s) => s.count);
  const setError = useCallback((error: ApiError | null) => setFailed(error ? { error, at: useSuccesses.getState().count } : null), []);
  const run = useCallback(
    async <T>(work: () => Promise<T>): Promise<T | undefined> => {
      setPending(true);
      setError(null);
      try {
        return await work();
      } catch (e) {
        setError(asApiError(e));
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [setError],
  );
  const clearError = useCallback(() => setError(null), [setError]);
  const fail = useCallback(
    (message: string, field?: string) => setError(new ApiError(field === undefined ? { code: 'invalid-input', message } : { code: 'invalid-input', message, field })),
    [setError],
  );
  const error = failed && failed.at === successes ? failed.error : null;
  return { run, pending, error, clearError, fail };
}

interface ApiAction<K extends MethodName> extends Omit<ApiTask, 'run'> {
  /** Calls the method; returns its value, or undefined when it was refused (see `error`). */
  run: (input: ApiInput<K>) => Promise<ApiOutput<K> | undefined>;
}

/** One Api method that changes something, with its pending state and error. */
export function useApiAction<K extends MethodName>(method: K): ApiAction<K> {
  const task = useApiTask();
  const { run: runTask } = task;
  const run = useCallback((input: ApiInput<K>) => runTask(() => call(method, input)), [runTask, method]);
  return { ...task, run };
}

/**
 * Follows a background job (reading or importing a file) until it ends: `onUpdate` sees each step while it
 * runs; resolves with the finished job, rejects with an ApiError when it failed.
 */
export function followJob(started: Job, onUpdate: (job: Job) => void): Promise<Job> {
  return new Promise<Job>((resolve, reject) => {
    let ended = false;
    const update = (next: Job) => {
      if (ended) return;
      if (next.state === 'running') return onUpdate(next);
      ended = true;
      unsubscribe();
      if (next.state === 'failed') return reject(new ApiError({ code: 'invalid-file', message: next.message ?? 'Teller could not read the file.' }));
      resolve(next);
    };
    const fetchJob = () =>
      call('getJob', { jobId: started.id }).then(update, (e: unknown) => {
        if (ended) return;
        ended = true;
        unsubscribe();
        reject(asApiError(e));
      });
    // The service pushes each step of the job; after a "changed" (which also follows a dropped
    // connection, when steps may have been missed) the job is read once to catch up.
    const unsubscribe = onApiEvent((e) => {
      if (e.kind === 'job' && e.job.id === started.id) update(e.job);
      else if (e.kind === 'changed') void fetchJob();
    });
    update(started);
    // The job may have moved on before this listened: read it once.
    if (!ended) void fetchJob();
  });
}

/** A job this component started, for its progress bar while it runs (null otherwise). */
export function useJob(): { job: Job | null; follow: (started: Job) => Promise<Job> } {
  const [job, setJob] = useState<Job | null>(null);
  const follow = useCallback(async (started: Job) => {
    try {
      return await followJob(started, setJob);
    } finally {
      setJob(null);
    }
  }, []);
  return { job, follow };
}
