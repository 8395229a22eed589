import { compare, formatPercent, parseRatio, toDrawingNumber } from '../rational';
import { formatUkTimestamp } from '../time';
import { PdfWriter } from './pdf-writer';
import { cells, type RegionRowLike } from './region-csv';
import { STATUS_WORDS, plural, words } from './report-words';

/** The regional summary as a PDF: the date it was made, the table, and each CLP's share against its threshold. */
export async function regionPdf(region: string, rows: readonly RegionRowLike[], madeAt: string): Promise<Uint8Array> {
  const made = formatUkTimestamp(madeAt);
  const w = await PdfWriter.create(`${region}: trigger ballots`, JSON.stringify(rows));
  w.setFooter(`${region}: trigger ballots, made ${made}`);
  w.heading(`${region}: trigger ballots`, 16);
  w.text(`Made ${made}, from the reports accepted by then.`, { bold: true });
  w.text(`${plural(rows.length, 'CLP')} with an accepted report; ${rows.filter((r) => r.triggered).length} triggered; ${rows.filter((r) => r.status === 'final').length} final.`);
  w.heading('Each CLP');
  w.table(
    [
      ['CLP', 'Report', 'Triggered', 'Share', 'Branches reporting', 'Affiliates reporting', 'Complaints'],
      ...rows.map((r) => {
        const c = cells(r);
        return [r.clp, `${words(STATUS_WORDS, r.status)}, revision ${r.revision}, issued ${c[3]}`, r.triggered ? 'Yes' : 'No', c[5]!, c[7]!, c[8]!, `${r.complaints} (${r.openComplaints} open)`];
      }),
    ],
    [{ width: 120 }, { width: 95 }, { width: 50 }, { width: 50 }, { width: 60 }, { width: 60 }, { width: 60 }],
  );
  w.heading('Shares against thresholds');
  w.text('Each bar is the combined selection share; the black line across it is the CLP\'s threshold.', { size: 9 });
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
