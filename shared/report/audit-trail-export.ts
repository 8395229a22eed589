import type { AuditKind, AuditLine } from '../api/audit';
import { csvCell } from '../lists/csv';
import { formatUkTimestamp } from '../time';

/** The parts of the work, as the audit trail's filter and its exports name them. */
export const AUDIT_KIND_WORDS: Record<AuditKind, string> = {
  setup: 'Set-up (CLP, units, ballot)',
  members: 'Members and lists',
  meetings: 'Meetings',
  'door-desk': 'Door desk',
  results: 'Results and decisions',
  complaints: 'Complaints',
  reports: 'Reports and keys',
  store: 'Backups and the store',
};

const HEAD = ['Entry', 'When', 'Who', 'Kind', 'What happened', 'Action'];

function cells(l: AuditLine): string[] {
  return [String(l.seq), formatUkTimestamp(l.at), l.actor, AUDIT_KIND_WORDS[l.kind], l.words, l.action];
}

/** The trail (as filtered) as CSV, each entry a sentence; cells a spreadsheet would run as formulas are defused. */
export function auditTrailCsv(lines: readonly AuditLine[]): string {
  return `${[HEAD, ...lines.map(cells)].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
