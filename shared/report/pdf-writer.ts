import bidiFactory from 'bidi-js';
import * as fontkit from 'fontkit';
import {
  beginText,
  endText,
  PDFDocument,
  PDFHexString,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  showText,
  type Color,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import { loadFaces } from './pdf-fonts';

/*
 * A small flowing layout on A4 pages (headings, wrapped lines, tables, bars, and a footer with
 * "Page N of M" on every page) that draws any name in the fonts it needs.
 *
 * Text goes through four steps: cleaned (NFC; control and format characters such as zero-width
 * spaces and bidi overrides removed, since a name must not be able to reorder the page; ZWJ
 * and ZWNJ kept, Arabic and Persian need them), each character given the first Noto face that
 * has it, put in visual order by the Unicode Bidirectional Algorithm (bidi-js), and drawn run
 * by run. fontkit shapes each run (Arabic letters join, lam-alef ligates, marks such as
 * Arabic dots and Hebrew points are placed by the font's GPOS; Latin is kerned) and lays out a
 * right-to-left script's run right to left; each glyph is drawn where fontkit put it (pdf-lib's
 * own drawText would drop those positions). A character no embedded font has is written as
 * its code, "[U+4E2D]", never as "?".
 *
 * pdf-lib draws and writes the file; its own fontkit fork (@pdf-lib/fontkit 1.1) drops the
 * composite glyphs of Noto Sans Arabic when it subsets, so fontkit 2 is plugged in instead,
 * through the small adapter below.
 */

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const FOOTER_SIZE = 8;
const GREY = rgb(0.35, 0.35, 0.35);
const bidi = bidiFactory();

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/** fontkit's layout of a string: glyphs in drawing order and where each goes (font units). */
interface GlyphRun {
  readonly glyphs: readonly { readonly advanceWidth: number }[];
  readonly positions: readonly { readonly xAdvance: number; readonly xOffset: number; readonly yOffset: number }[];
  readonly advanceWidth: number;
}
interface LaidOutFont {
  readonly unitsPerEm: number;
  layout(text: string): GlyphRun;
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/** The fontkit font that pdf-lib made from each font file's bytes (the writer lays text out with the same one). */
const fontkitFonts = new WeakMap<Uint8Array, LaidOutFont>();

/**
 * fontkit 2 as pdf-lib 1.17 wants it: a subset with encodeStream() (fontkit 2 has encode()), and
 * each string laid out once (pdf-lib lays a string out to measure it and again to draw it).
 */
const fontkitForPdfLib = {
  create(bytes: Uint8Array) {
    const font = fontkit.create(bytes);
    fontkitFonts.set(bytes, font as unknown as LaidOutFont);
    const layout = font.layout.bind(font);
    const laidOut = new Map<string, unknown>();
    font.layout = (text: string, features?: unknown) => {
      if (features !== undefined) return layout(text, features);
      let run = laidOut.get(text);
      if (run === undefined) laidOut.set(text, (run = layout(text)));
      return run;
    };
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      subset.encodeStream = () => {
        const on: { data?: (b: Uint8Array) => void; end?: () => void; error?: (e: unknown) => void } = {};
        const stream = {
          on(event: 'data' | 'end' | 'error', fn: never) {
            on[event] = fn;
            return stream;
          },
        };
        queueMicrotask(() => {
          try {
            on.data?.(subset.encode());
            on.end?.();
          } catch (e) {
            on.error?.(e);
          }
        });
        return stream;
      };
      return subset;
    };
    return font;
  },
} as unknown as Fontkit;

interface FaceFont {
  readonly pdf: PDFFont;
  readonly kit: LaidOutFont;
}

interface Face {
  readonly name: string;
  readonly regular: FaceFont;
  readonly bold: FaceFont;
  has(codePoint: number): boolean;
}

interface Run {
  readonly text: string;
  readonly font: FaceFont;
  readonly width: number;
}

export interface Column {
  readonly width: number;
  readonly align?: 'left' | 'right';
}

const STRONG_RTL = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}]/u;
const NEUTRAL = /[\p{Z}\p{P}\p{S}\p{M}]/u;
const KEEP_FORMAT = new Set([0x200c, 0x200d]);

/** NFC, with control and format characters removed (ZWNJ and ZWJ kept) and tabs as spaces. */
export function cleanText(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').replace(/\t/g, ' ')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u.test(ch) && !KEEP_FORMAT.has(cp)) continue;
    out += ch;
  }
  return out;
}

/** The writer: create it with all the text the document will hold, so it loads the fonts that text needs. */
export class PdfWriter {
  private page!: PDFPage;
  private y = 0;
  private footer = '';

  private constructor(
    private readonly doc: PDFDocument,
    private readonly faces: readonly Face[],
  ) {
    this.newPage();
  }

  /** A new document. `allText` is every string it will draw (its characters decide which fonts load). */
  static async create(title: string, allText: string): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkitForPdfLib);
    doc.setTitle(cleanText(title));
    doc.setProducer('Teller');
    doc.setCreator('Teller');
    const embed = async (bytes: Uint8Array): Promise<FaceFont> => {
      const pdf = await doc.embedFont(bytes, { subset: true });
      const kit = fontkitFonts.get(bytes);
      if (!kit) throw new Error('A font could not be read for the PDF.');
      return { pdf, kit };
    };
    const faces: Face[] = [];
    for (const f of await loadFaces(`${title}\n${allText}`)) {
      const regular = await embed(f.regular);
      const bold = await embed(f.bold);
      const known = new Map<number, boolean>();
      faces.push({
        name: f.name,
        regular,
        bold,
        has(cp) {
          let yes = known.get(cp);
          if (yes === undefined) known.set(cp, (yes = regular.kit.hasGlyphForCodePoint(cp)));
          return yes;
        },
      });
    }
    return new PdfWriter(doc, faces);
  }

  /** The words at the foot of every page, beside "Page N of M" (e.g. what the document is and its date). */
  setFooter(text: string): void {
    this.footer = text;
  }

  // ---- text: fonts, direction, measuring ----

  /** The text with every character some face can draw; any other becomes "[U+XXXX]". */
  private drawable(text: string): string {
    let out = '';
    for (const ch of cleanText(text)) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp === 0x20 || (cp <= 0xffff && this.faces.some((f) => f.has(cp)))) out += ch;
      else out += `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
    }
    return out;
  }

  /** Which face draws each character: the first that has it; punctuation and marks stay with the face before them. */
  private facesOf(text: string): Face[] {
    const latin = this.faces[0]!;
    const out: Face[] = [];
    let prev: Face | undefined;
    for (let i = 0; i < text.length; i++) {
      const cp = text.charCodeAt(i);
      const face = prev && NEUTRAL.test(text[i]!) && prev.has(cp) ? prev : (this.faces.find((f) => f.has(cp)) ?? latin);
      out.push(face);
      prev = face;
    }
    return out;
  }

  /** A line (logical order, already drawable) as runs in visual order, left to right. */
  private runs(line: string, bold: boolean, size: number): Run[] {
    if (!line) return [];
    const levels = bidi.getEmbeddingLevels(line, 'ltr');
    // drawable() leaves only characters of the Basic Multilingual Plane: one code unit each.
    const order = Array.from({ length: line.length }, (_, i) => i);
    for (const [start = 0, end = start] of bidi.getReorderSegments(line, levels)) {
      const flipped = order.slice(start, end + 1).reverse();
      order.splice(start, flipped.length, ...flipped);
    }
    const faces = this.facesOf(line);
    const groups: { face: Face; rtl: boolean; from: number; to: number }[] = [];
    for (const i of order) {
      const rtl = (levels.levels[i] ?? 0) % 2 === 1;
      const last = groups[groups.length - 1];
      if (last && last.face === faces[i] && last.rtl === rtl && i === (rtl ? last.from - 1 : last.to + 1)) {
        if (rtl) last.from = i;
        else last.to = i;
      } else groups.push({ face: faces[i]!, rtl, from: i, to: i });
    }
    const runs: Run[] = [];
    for (const g of groups) {
      const font = bold ? g.face.bold : g.face.regular;
      const text = line.slice(g.from, g.to + 1);
      // fontkit lays a run out right to left when its script is (Hebrew, Arabic): so a run at a
      // right-to-left level in such a script is shaped whole. Neutral characters at a
      // right-to-left level go one by one, reversed and mirrored; and a left-to-right run in such
      // a script (Arabic-Indic digits, which bidi keeps left to right) one by one in order.
      const rtlScript = STRONG_RTL.test(text);
      const pieces = g.rtl === rtlScript ? [text] : g.rtl ? [...text].reverse().map((c) => bidi.getMirroredCharacter(c) ?? c) : [...text];
      for (const piece of pieces) runs.push({ text: piece, font, width: (font.kit.layout(piece).advanceWidth * size) / font.kit.unitsPerEm });
    }
    return runs;
  }

  private readonly widths = new Map<string, number>();

  /** The width of a line, as the sum of its words' widths and the spaces between (each word measured once). */
  private measure(line: string, bold: boolean, size: number): number {
    let sum = 0;
    const words = line.split(' ');
    for (const word of words) {
      const key = `${bold ? 'b' : 'r'}${size}|${word}`;
      let width = this.widths.get(key);
      if (width === undefined) {
        width = this.runs(word, bold, size).reduce((s, r) => s + r.width, 0);
        this.widths.set(key, width);
      }
      sum += width;
    }
    const face = this.faces[0]!;
    const space = (bold ? face.bold : face.regular).kit;
    return sum + ((words.length - 1) * space.layout(' ').advanceWidth * size) / space.unitsPerEm;
  }

  private drawLine(page: PDFPage, line: string, x: number, y: number, size: number, bold: boolean, color = rgb(0, 0, 0)): void {
    for (const run of this.runs(line, bold, size)) {
      if (run.text.trim()) this.drawRun(page, run, x, y, size, color);
      x += run.width;
    }
  }

  /**
   * One run's glyphs, each where fontkit's layout put it. Glyphs that sit at their own default
   * advance with no offset share one string; a kerned glyph or a placed mark starts a new one.
   */
  private drawRun(page: PDFPage, run: Run, x: number, y: number, size: number, color: Color): void {
    const { pdf, kit } = run.font;
    const laid = kit.layout(run.text);
    // pdf-lib's subset ids for the same layout (the adapter lays each string out once), four hex digits a glyph.
    const hex = pdf.encodeText(run.text).asString();
    const scale = size / kit.unitsPerEm;
    const ops: PDFOperator[] = [pushGraphicsState(), setFillingColor(color), beginText(), setFontAndSize(page.node.newFontDictionary(pdf.name, pdf.ref), size)];
    let pen = 0;
    let pending = '';
    laid.positions.forEach((p, i) => {
      const glyph = hex.slice(i * 4, i * 4 + 4);
      const plain = p.xOffset === 0 && p.yOffset === 0 && p.xAdvance === laid.glyphs[i]?.advanceWidth;
      if (!plain || !pending) {
        if (pending) ops.push(showText(PDFHexString.of(pending)));
        ops.push(setTextMatrix(1, 0, 0, 1, x + (pen + p.xOffset) * scale, y + p.yOffset * scale));
        pending = '';
      }
      pending += glyph;
      if (!plain) {
        ops.push(showText(PDFHexString.of(pending)));
        pending = '';
      }
      pen += p.xAdvance;
    });
    if (pending) ops.push(showText(PDFHexString.of(pending)));
    ops.push(endText(), popGraphicsState());
    page.pushOperators(...ops);
  }

  /** Lines no wider than `width`: broken at spaces, and a word longer than the line broken between letters. */
  private wrap(text: string, bold: boolean, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const para of text.split('\n')) {
      let line = '';
      for (const word of this.drawable(para).split(' ')) {
        const next = line ? `${line} ${word}` : word;
        if (this.measure(next, bold, size) <= width) {
          line = next;
          continue;
        }
        if (line) lines.push(line);
        line = '';
        if (this.measure(word, bold, size) <= width) {
          line = word;
          continue;
        }
        for (const ch of word) {
          if (line && this.measure(line + ch, bold, size) > width) {
            lines.push(line);
            line = '';
          }
          line += ch;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  // ---- layout ----

  private newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Whether `height` fits above the footer; a new page if not. */
  private room(height: number): boolean {
    if (this.y - height >= MARGIN) return false;
    this.newPage();
    return true;
  }

  heading(text: string, size = 14): void {
    const lines = this.wrap(text, true, size, A4[0] - 2 * MARGIN);
    // Keep a heading with at least two lines of what follows it.
    this.room(size * 0.6 + lines.length * size * 1.3 + 30);
    this.y -= size * 0.6;
    for (const line of lines) {
      this.drawLine(this.page, line, MARGIN, this.y - size, size, true);
      this.y -= size * 1.3;
    }
    this.y -= size * 0.3;
  }

  text(text: string, options: { bold?: boolean; size?: number; indent?: number } = {}): void {
    const size = options.size ?? 10;
    const bold = options.bold ?? false;
    const x = MARGIN + (options.indent ?? 0);
    for (const line of this.wrap(text, bold, size, A4[0] - MARGIN - x)) {
      this.room(size * 1.4);
      this.drawLine(this.page, line, x, this.y - size, size, bold);
      this.y -= size * 1.4;
    }
  }

  gap(points = 6): void {
    this.y -= points;
  }

  /** A table: the first row is the header, drawn again at the top of each page the table runs onto. */
  table(rows: readonly (readonly string[])[], columns: readonly Column[], size = 9): void {
    const [header, ...body] = rows;
    if (!header) return;
    const lead = size * 1.3;
    const layout = (row: readonly string[], bold: boolean) => {
      const cells = columns.map((c, i) => this.wrap(row[i] ?? '', bold, size, c.width - 6));
      return { cells, height: Math.max(...cells.map((c) => c.length)) * lead + 4 };
    };
    const draw = (row: ReturnType<typeof layout>, bold: boolean) => {
      let x = MARGIN;
      row.cells.forEach((lines, i) => {
        const col = columns[i]!;
        lines.forEach((line, k) => {
          const lx = col.align === 'right' ? x + col.width - 6 - this.measure(line, bold, size) : x;
          this.drawLine(this.page, line, lx, this.y - size - k * lead, size, bold);
        });
        x += col.width;
      });
      this.y -= row.height;
      const right = MARGIN + columns.reduce((s, c) => s + c.width, 0);
      this.page.drawLine({ start: { x: MARGIN, y: this.y + 2 }, end: { x: right, y: this.y + 2 }, thickness: bold ? 0.6 : 0.3, color: rgb(0.6, 0.6, 0.6) });
    };
    const head = layout(header, true);
    this.room(head.height + lead * 2);
    draw(head, true);
    for (const row of body) {
      const laid = layout(row, false);
      if (this.room(laid.height)) draw(head, true);
      draw(laid, false);
    }
  }

  /** A labelled bar of a share (0 to 1) with the threshold drawn across it. */
  bar(label: string, share: number, threshold: number, reached: boolean): void {
    const width = 260;
    const lines = this.wrap(label, false, 9, 210);
    this.room(Math.max(22, lines.length * 11.7 + 8));
    lines.forEach((line, k) => this.drawLine(this.page, line, MARGIN, this.y - 10 - k * 11.7, 9, false));
    const x = MARGIN + 220;
    this.page.drawRectangle({ x, y: this.y - 13, width, height: 12, color: rgb(0.9, 0.89, 0.86) });
    this.page.drawRectangle({ x, y: this.y - 13, width: Math.max(0, Math.min(1, share)) * width, height: 12, color: reached ? rgb(0.7, 0, 0.1) : rgb(0.12, 0.3, 0.55) });
    this.page.drawLine({ start: { x: x + threshold * width, y: this.y - 16 }, end: { x: x + threshold * width, y: this.y + 2 }, thickness: 1.5, color: rgb(0, 0, 0) });
    this.y -= Math.max(20, lines.length * 11.7 + 6);
  }

  /** The finished file: every page gets its footer and "Page N of M". */
  async bytes(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const number = `Page ${i + 1} of ${pages.length}`;
      const numberWidth = this.measure(number, false, FOOTER_SIZE);
      const y = MARGIN / 2;
      page.drawLine({ start: { x: MARGIN, y: y + 12 }, end: { x: A4[0] - MARGIN, y: y + 12 }, thickness: 0.3, color: rgb(0.7, 0.7, 0.7) });
      const footer = this.wrap(this.footer, false, FOOTER_SIZE, A4[0] - 2 * MARGIN - numberWidth - 12)[0] ?? '';
      this.drawLine(page, footer, MARGIN, y, FOOTER_SIZE, false, GREY);
      this.drawLine(page, number, A4[0] - MARGIN - numberWidth, y, FOOTER_SIZE, false, GREY);
    });
    return this.doc.save();
  }
}
