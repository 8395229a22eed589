import { compare, formatPercent, parseRatio, toDrawingNumber } from '../rational';
import { PdfWriter } from './pdf-writer';
import { cells, type RegionRowLike } from './region-csv';

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
