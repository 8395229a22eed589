import { auditApi } from '../../shared/api/audit';
import { defineHandlers } from '../service-context';
import { findIssuedHead } from '../store/audit-history';
import { auditWords } from './audit-words';
import { compareLogWithTables } from './rebuild';

export const auditHandlers = defineHandlers(auditApi, (ctx) => ({
  getAuditLog: ({ limit }) => ctx.store().auditLog(limit),
  getAuditTrail: ({ kind, meetingId, from, to, search, limit }) => {
    const store = ctx.store();
    const words = auditWords(store);
    const needle = search.toLocaleLowerCase('en-GB');
    const lines = [];
    let total = 0;
    let matched = 0;
    for (const e of store.auditLog(Number.MAX_SAFE_INTEGER)) {
      total += 1;
      const line = words.line(e);
      if (kind !== null && line.kind !== kind) continue;
      if (meetingId !== null && line.meetingId !== meetingId) continue;
      if ((from !== null && line.on < from) || (to !== null && line.on > to)) continue;
      if (needle && !`${line.words} ${line.action}`.toLocaleLowerCase('en-GB').includes(needle)) continue;
      matched += 1;
      if (lines.length < limit) lines.push(line);
    }
    return { lines, matched, total };
  },
  /** The chain, then the facts rebuilt from its entries against the tables: any difference fails the check. */
  verifyAudit: () => {
    const store = ctx.store();
    const chain = store.verifyAudit();
    const { differences, unverifiable } = compareLogWithTables(store.db);
    return {
      ...chain,
      ok: chain.ok && differences.length === 0,
      differences,
      unverifiable,
    };
  },
  /**
   * A report's audit head against the record as it reads now: the chain's head at every
   * length (and, for reports from before the chain of links, the old chain's).
   */
  checkReportHead: ({ auditHead, ballotId, revision }) => {
    const store = ctx.store();
    const { entries } = store.verifyAudit();
    const found = findIssuedHead(store.db, auditHead);
    const recorded =
      ballotId !== null && revision !== null && store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'issued_head'").get()
        ? (store.db.prepare('SELECT entries, head FROM issued_head WHERE ballot_id = ? AND revision = ?').get(ballotId, revision) as { entries: number; head: string } | undefined)
        : undefined;
    if (found) {
      const older = found.form === 'old' ? ' (in the form the chain had before it became a chain of links)' : '';
      return {
        ok: true,
        entries,
        matchedAt: found.entries,
        message: `The record still extends what this report was issued from: its audit head is the record's head after entry ${found.entries}${older}, and the record now has ${entries} entries.`,
      };
    }
    const note = recorded ? ` This store recorded that report as issued from the first ${recorded.entries} entries.` : '';
    return {
      ok: false,
      entries,
      matchedAt: null,
      message: `The record no longer extends what this report was issued from: its audit head ${auditHead} is the head of no part of the record as it reads now, so entries it was issued from have been changed or removed.${note}`,
    };
  },
}));
