import { formatUkDate } from '../dates';
import { formatPercent, parseRatio, toDrawingNumber, compare } from '../rational';
import { csvCell } from '../register/csv';
import { PdfWriter } from './pdf-writer';

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
}

const HEAD = ['CLP', 'Status', 'Revision', 'Issued', 'Triggered', 'Share', 'Threshold', 'Branches reporting', 'Affiliates reporting', 'Complaints', 'Open complaints'];

function cells(r: RegionRowLike): string[] {
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
  ];
}

/** The regional summary as CSV (cells a spreadsheet would run as formulas are defused). */
export function regionCsv(rows: readonly RegionRowLike[]): string {
  return `${[HEAD, ...rows.map(cells)].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The regional summary as a PDF: the table, and each CLP's share against its threshold. */
export async function regionPdf(region: string, rows: readonly RegionRowLike[]): Promise<Uint8Array> {
  const w = await PdfWriter.create(`${region}: trigger ballots`);
  w.heading(`${region}: trigger ballots`, 16);
  w.text(`${rows.length} CLPs with an accepted report; ${rows.filter((r) => r.triggered).length} triggered; ${rows.filter((r) => r.status === 'final').length} final.`);
  w.heading('Each CLP');
  w.table(
    [['CLP', 'Status', 'Triggered', 'Share', 'Branches', 'Affiliates', 'Complaints'], ...rows.map((r) => { const c = cells(r); return [c[0]!, `${c[1]} r${c[2]}`, c[4]!, c[5]!, c[7]!, c[8]!, `${c[9]} (${c[10]} open)`]; })],
    [140, 65, 50, 55, 60, 60, 65],
  );
  w.heading('Shares against thresholds');
  for (const r of rows) {
    const share = r.share ? parseRatio(r.share) : null;
    const threshold = parseRatio(r.threshold);
    if (!share || !threshold) {
      w.text(`${r.clp}: each class judged on its own — ${r.triggered ? 'triggered' : 'not triggered'}.`, { size: 9 });
      continue;
    }
    w.bar(`${r.clp} (${formatPercent(share)})`, toDrawingNumber(share), toDrawingNumber(threshold), r.triggered || compare(share, threshold) > 0);
  }
  return w.bytes();
}
