import { formatUkDate } from '../dates';
import { formatPercent, parseRatio } from '../rational';
import { csvCell } from '../lists/csv';

/** One CLP in the regional overview (its latest accepted report). */
export interface RegionRowLike {
  clp: string;
  revision: number;
  status: string;
  issuedAt: string;
  triggered: boolean;
  share: string | null;
  threshold: string;
  method: string;
  branchesReporting: number;
  branches: number;
  affiliatesReporting: number;
  affiliates: number;
  complaints: number;
  openComplaints: number;
  /** final, interim (the outcome cannot change) or undecided; the units yet to report; whether the key was revoked since. */
  standing?: string;
  branchesPending?: number;
  affiliatesPending?: number;
  revokedKey?: boolean;
}

const HEAD = ['CLP', 'Status', 'Revision', 'Issued', 'Triggered', 'Share', 'Threshold', 'Branches reporting', 'Affiliates reporting', 'Complaints', 'Open complaints', 'Standing', 'Branches pending', 'Affiliates pending', 'Signed by a revoked key'];

export function cells(r: RegionRowLike): string[] {
  const share = r.share ? parseRatio(r.share) : null;
  const threshold = parseRatio(r.threshold);
  return [
    r.clp,
    r.status,
    String(r.revision),
    formatUkDate(r.issuedAt.slice(0, 10)),
    r.triggered ? 'yes' : 'no',
    share ? formatPercent(share) : 'per class',
    threshold ? formatPercent(threshold) : r.threshold,
    `${r.branchesReporting} of ${r.branches}`,
    `${r.affiliatesReporting} of ${r.affiliates}`,
    String(r.complaints),
    String(r.openComplaints),
    r.standing ?? '',
    r.branchesPending === undefined ? '' : String(r.branchesPending),
    r.affiliatesPending === undefined ? '' : String(r.affiliatesPending),
    r.revokedKey === undefined ? '' : r.revokedKey ? 'yes' : 'no',
  ];
}

/** The regional summary as CSV (cells a spreadsheet would run as formulas are defused). */
export function regionCsv(rows: readonly RegionRowLike[]): string {
  return `${[HEAD, ...rows.map(cells)].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
