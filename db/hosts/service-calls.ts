import { dispatchCall } from '../../shared/api-dispatch';
import type { ApiEvent } from '../../shared/api-events';
import type { ApiResult } from '../../shared/errors';
import type { TellerService } from '../service';

/**
 * Runs Api calls on a service through the one dispatcher, and says when the data changed.
 * Every change to a store appends an audit entry in the same transaction, so the store in
 * use and its audit head before and after a call tell exactly whether it changed anything.
 */
export function serviceCalls(service: TellerService, emit: (event: ApiEvent) => void, onInternalError: (e: unknown) => void) {
  const mark = () => {
    const store = service.openStore;
    if (!store) return 'closed'; // the secretary's store is locked or not made yet
    const head = store.stmt('SELECT hash FROM audit_head WHERE id = 1').get() as { hash: string } | undefined;
    return `${store.file}#${head?.hash ?? ''}`;
  };
  return (method: unknown, input: unknown): ApiResult<unknown> => {
    const before = mark();
    const result = dispatchCall(service.handlers, method, input, onInternalError);
    if (mark() !== before) emit({ kind: 'changed' });
    return result;
  };
}
