import type { AuditVerdict } from '../../shared/api';
import { verifyStoreChain } from './audit-history';
import { connect } from './connect';
import { LATEST_VERSION } from './migrations';
import type { StoreKey } from './store-key';

/** What `teller store check` reports on a store (docs: README, "Checking a store"). */
interface StoreCheck {
  file: string;
  encrypted: boolean;
  /** SQLite's integrity check: ["ok"], or what it found wrong. */
  integrity: string[];
  schemaVersion: number;
  latestVersion: number;
  audit: AuditVerdict | null;
  /** The number of records of each kind (null: the store's format has no such table). */
  counts: Record<string, number | null>;
  ok: boolean;
}

const COUNTED: Record<string, string[]> = {
  listSnapshots: ['member_snapshot', 'register_snapshot'],
  members: ['member'],
  registerEntries: ['register_entry'],
  meetings: ['meeting'],
  checkIns: ['checkin'],
  complaints: ['complaint'],
  reports: ['report_export'],
  regionReports: ['region_file'],
};

/**
 * Checks a store without changing it: opened read-only with its key, SQLite's full integrity
 * check, its format's version, its audit chain, and how many records of each kind it holds.
 */
export function checkStore(file: string, key: StoreKey): StoreCheck {
  const db = connect(file, key, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const intact = integrity.length === 1 && integrity[0] === 'ok';
    const audit = intact && tables.has('audit_entry') ? verifyStoreChain(db) : null;
    const counts: Record<string, number | null> = {};
    for (const [kind, names] of Object.entries(COUNTED)) {
      counts[kind] = !intact || names.some((n) => !tables.has(n)) ? null : names.reduce((sum, n) => sum + (db.prepare(`SELECT COUNT(*) AS n FROM ${n}`).get() as { n: number }).n, 0);
    }
    return { file, encrypted: key !== null, integrity, schemaVersion, latestVersion: LATEST_VERSION, audit, counts, ok: intact && audit?.ok === true && schemaVersion === LATEST_VERSION };
  } finally {
    db.close();
  }
}
