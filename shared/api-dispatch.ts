import type { z } from 'zod';
import { apiMethods, isMethodName, type ApiHandlers } from './api';
import { TellerError, type ApiResult, type TellerErrorInfo } from './errors';

function firstIssue(error: z.ZodError): TellerErrorInfo {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  let message = issue?.message ?? 'The request was not understood.';
  // Our schemas carry plain-English sentences; zod's own defaults ("Invalid input: …") do not.
  const ours = /\.$/.test(message) && !/^(Invalid|Too (big|small)|Expected)/.test(message);
  if (issue?.code === 'unrecognized_keys') message = `Unexpected field: ${issue.keys.join(', ')}.`;
  else if (!ours) message = `${field ?? 'The request'} has a value Teller cannot use.`;
  return field === undefined ? { code: 'invalid-input', message } : { code: 'invalid-input', message, field };
}

/**
 * The one entry point both hosts use: checks the method exists, validates the input against
 * its schema, runs the handler, and turns every failure into a coded, plain-English error.
 */
export function dispatchCall(handlers: ApiHandlers, method: unknown, input: unknown, onInternalError?: (e: unknown) => void): ApiResult<unknown> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown-method', message: 'Teller does not know that request.' } };
  }
  const parsed = apiMethods[method].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  try {
    const handler = handlers[method] as (i: unknown) => unknown;
    return { ok: true, value: handler(parsed.data) };
  } catch (e) {
    if (e instanceof TellerError) return { ok: false, error: e.toInfo() };
    onInternalError?.(e);
    return { ok: false, error: { code: 'internal', message: 'Something went wrong inside Teller and nothing was changed. Please try again; if it keeps happening, make a backup and report it.' } };
  }
}

