import type { AuditLine } from '../api/audit';
import { formatUkTimestamp } from '../time';
import { PdfWriter } from './pdf-writer';

/** The trail (as filtered) as a PDF: what it is, which entries, and each entry as a sentence. */
export async function auditTrailPdf(clp: string, filters: string, lines: readonly AuditLine[], total: number, madeAt: string): Promise<Uint8Array> {
  const title = `${clp}: audit trail`;
  const rows = lines.map((l) => [String(l.seq), formatUkTimestamp(l.at), l.words]);
  const w = await PdfWriter.create(title, `${filters}\n${rows.map((r) => r.join('\n')).join('\n')}`);
  const made = formatUkTimestamp(madeAt);
  w.setFooter(`${title}, made ${made}`);
  w.heading(title, 16);
  w.text(`Made ${made}: ${lines.length} of the ${total} entries (${filters}), newest first.`, { bold: true });
  w.gap();
  w.table([['Entry', 'When', 'What happened'], ...rows], [{ width: 35, align: 'right' }, { width: 115 }, { width: 345 }]);
  return w.bytes();
}
