import type { TellerState } from '../../shared/api';
import { complaintCounts } from '../complaints/complaints';
import { purgeRecord } from '../members/purge';
import { auditHead } from '../store/audit';
import type { ClpStore } from '../store/clp-store';
import { readBallot } from './ballot';
import { readClp } from './clp';
import { affiliates, branches } from './units';

/** Everything the screens show at once: the CLP, its units and results, the ballot, the audit head and complaint counts. */
export function tellerState(store: ClpStore, demo: boolean): TellerState {
  return {
    store: { demo, path: store.file },
    clp: readClp(store),
    branches: branches(store),
    affiliates: affiliates(store),
    ballot: readBallot(store),
    audit: auditHead(store.db),
    complaints: complaintCounts(store),
    purge: purgeRecord(store.db),
  };
}
