import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Letters that do not decompose into a base letter and an accent.
const PLAIN: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŀ: 'L', ŀ: 'l', Ŧ: 'T', ŧ: 't' };

/** Text the standard PDF fonts can draw: Latin-1 and Windows-1252 as they are, other letters without accents, the rest as "?". */
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63;
    if ((code >= 32 && code <= 126) || (code >= 160 && code <= 255) || WIN_ANSI_EXTRAS.has(ch)) out += ch;
    else if (code === 10 || code === 9) out += ' ';
    else {
      const plain = PLAIN[ch] ?? ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += /^[\x20-\x7e]+$/.test(plain) ? plain : '?';
    }
  }
  return out;
}

/** A small flowing layout on A4 pages: headings, wrapped lines, tables and bars. */
export class PdfWriter {
  private page!: PDFPage;
  private y = 0;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  static async create(title: string): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.setTitle(pdfSafe(title));
    doc.setProducer('Teller');
    doc.setCreator('Teller');
    return new PdfWriter(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  }

  private newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  private room(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const para of pdfSafe(text).split('\n')) {
      let line = '';
      for (const word of para.split(' ')) {
        const next = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(next, size) > width && line) {
          lines.push(line);
          line = word;
        } else line = next;
      }
      lines.push(line);
    }
    return lines;
  }

  heading(text: string, size = 14): void {
    this.room(size * 2.2);
    this.y -= size * 0.6;
    this.page.drawText(pdfSafe(text), { x: MARGIN, y: this.y - size, size, font: this.bold });
    this.y -= size * 1.6;
  }

  text(text: string, options: { bold?: boolean; size?: number; indent?: number } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.font;
    const x = MARGIN + (options.indent ?? 0);
    for (const line of this.wrap(text, font, size, A4[0] - MARGIN - x)) {
      this.room(size * 1.4);
      this.page.drawText(line, { x, y: this.y - size, size, font });
      this.y -= size * 1.4;
    }
  }

  gap(points = 6): void {
    this.y -= points;
  }

  /** A table with fixed column widths (points); the first row is the header. */
  table(rows: string[][], widths: number[], size = 9): void {
    rows.forEach((row, r) => {
      const font = r === 0 ? this.bold : this.font;
      const cells = row.map((c, i) => this.wrap(c, font, size, (widths[i] ?? 80) - 4));
      const height = Math.max(...cells.map((c) => c.length)) * size * 1.3 + 4;
      this.room(height);
      let x = MARGIN;
      cells.forEach((lines, i) => {
        lines.forEach((line, k) => this.page.drawText(line, { x, y: this.y - size - k * size * 1.3, size, font }));
        x += widths[i] ?? 80;
      });
      this.y -= height;
      this.page.drawLine({ start: { x: MARGIN, y: this.y + 2 }, end: { x: A4[0] - MARGIN, y: this.y + 2 }, thickness: 0.3, color: rgb(0.7, 0.7, 0.7) });
    });
  }

  /** A labelled bar of a share (0 to 1) with the threshold drawn across it. */
  bar(label: string, share: number, threshold: number, reached: boolean): void {
    const width = 260;
    this.room(22);
    this.page.drawText(pdfSafe(label), { x: MARGIN, y: this.y - 10, size: 9, font: this.font });
    const x = MARGIN + 220;
    this.page.drawRectangle({ x, y: this.y - 13, width, height: 12, color: rgb(0.9, 0.89, 0.86) });
    this.page.drawRectangle({ x, y: this.y - 13, width: Math.max(0, Math.min(1, share)) * width, height: 12, color: reached ? rgb(0.7, 0, 0.1) : rgb(0.12, 0.3, 0.55) });
    this.page.drawLine({ start: { x: x + threshold * width, y: this.y - 16 }, end: { x: x + threshold * width, y: this.y + 2 }, thickness: 1.5, color: rgb(0, 0, 0) });
    this.y -= 20;
  }

  async bytes(): Promise<Uint8Array> {
    return this.doc.save();
  }
}
