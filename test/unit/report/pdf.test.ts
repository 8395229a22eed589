import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import * as fontkit from 'fontkit';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { ExportedReportInfo } from '../../../shared/api';
import { fingerprint } from '../../../shared/report/fingerprint';
import { FACES, dataUrlBytes, faceWanted, loadFaces, woffToSfnt } from '../../../shared/report/pdf-fonts';
import { cleanText, PdfWriter } from '../../../shared/report/pdf-writer';
import { regionCsv, type RegionRowLike } from '../../../shared/report/region-csv';
import { regionPdf } from '../../../shared/report/region-summary';
import { reportPdf } from '../../../shared/report/report-pdf';
import type { ReportEnvelope, ReportEnvelopeV2 } from '../../../shared/report/report-schema';

type ReportAffiliateV2 = ReportEnvelopeV2['payload']['affiliates'][number];
import { tempDir } from '../db/fixtures';
import { asVersion1, readyToReport } from './fixtures';

function pdfFile(bytes: Uint8Array): string {
  const file = path.join(tempDir(), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  return file;
}

/** The text of a PDF (or of one page) as poppler reads it (Debian's poppler-utils). */
function pdfText(bytes: Uint8Array, page?: number): string {
  const pages = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', ['-layout', ...pages, pdfFile(bytes), '-'], { encoding: 'utf8' });
}

/** The text with poppler's bidi marks (it wraps right-to-left runs in U+202A..U+202C) and line breaks folded away. */
const flat = (text: string) => text.replace(/[\u202a-\u202e]/g, '').replace(/\s+/g, ' ');

/** Every word poppler finds, with its box in points (from the top left). */
function pdfWords(bytes: Uint8Array): { page: number; word: string; xMin: number; xMax: number; yMin: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', pdfFile(bytes), '-'], { encoding: 'utf8' });
  const words: { page: number; word: string; xMin: number; xMax: number; yMin: number }[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)<\/word>/.exec(line);
    if (m) words.push({ page, word: m[4]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'), xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]) });
  }
  return words;
}

/** The words on the same line as the first `word` found (same page, same top), left to right: one table row's first line. */
function lineOf(bytes: Uint8Array, word: string): string {
  const words = pdfWords(bytes);
  const first = words.find((w) => w.word === word);
  if (!first) return `(no word "${word}")`;
  return words
    .filter((w) => w.page === first.page && Math.abs(w.yMin - first.yMin) < 1.5)
    .sort((a, b) => a.xMin - b.xMin)
    .map((w) => w.word)
    .join(' ');
}

/** The words lying between `left` and `right` points, line by line down the pages: a table column, each cell's lines together. */
function columnText(bytes: Uint8Array, right: number, left = 0): string {
  return pdfWords(bytes)
    .filter((w) => w.xMax <= right && w.xMin >= left)
    .sort((a, b) => a.page - b.page || a.yMin - b.yMin || a.xMin - b.xMin)
    .map((w) => w.word)
    .join(' ');
}

/** poppler gives a right-to-left word's letters in drawing order, left to right. */
const visual = (word: string) => [...word].reverse().join('');

function pdfFonts(bytes: Uint8Array): string {
  return execFileSync('pdffonts', [pdfFile(bytes)], { encoding: 'utf8' });
}

/** Each text object (BT … ET: one run of one font) on the first page: its glyph ids, and the y of each placement (Tm). */
async function textObjects(bytes: Uint8Array): Promise<{ glyphs: number[]; ys: number[] }[]> {
  const doc = await PDFDocument.load(bytes);
  const contents = doc.getPages()[0]!.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
  let ops = '';
  for (const s of streams) if (s instanceof PDFRawStream) ops += new TextDecoder('latin1').decode(decodePDFRawStream(s).decode());
  return [...ops.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)].map((block) => ({
    glyphs: [...block[1]!.matchAll(/<([0-9A-Fa-f]*)> Tj/g)].flatMap((m) => m[1]!.match(/.{4}/g)?.map((h) => parseInt(h, 16)) ?? []),
    ys: [...block[1]!.matchAll(/1 0 0 1 [\d.]+ ([\d.]+) Tm/g)].map((m) => Number(m[1])),
  }));
}

const A4_WIDTH = 595.28;
const MARGIN = 50;

let signed: ExportedReportInfo | undefined;

/** A signed final report from a real store (made once: the store and its key take seconds), as a fresh copy to change. */
function exported() {
  signed ??= readyToReport().ok<ExportedReportInfo>('exportReport', { status: 'final', confirm: 'FINAL' });
  return { r: signed, env: JSON.parse(signed.json) as ReportEnvelopeV2 };
}

/** An eligible affiliate of a version 2 report. */
function affiliate(name: string, kind: ReportAffiliateV2['kind'], result: ReportAffiliateV2['result'], noVoteReason: ReportAffiliateV2['noVoteReason'] = null): ReportAffiliateV2 {
  return { name, kind, result, noVoteReason, eligible: true, ineligibleReason: null, decision: null };
}

describe('the report PDF', () => {
  it('carries the same facts as the JSON, every code in words, the key fingerprint, the file hash and the history', async () => {
    const { r, env } = exported();
    env.payload.complaints.byCategory = { 'electoral-register': 1, procedure: 1 };
    env.payload.affiliates.push(affiliate('Fernley Co-op Party', 'co-operative', 'no-vote', 'declined'), affiliate('Fabians', 'socialist-society', 'tie'));
    const bytes = await reportPdf(env, r.sha256, { open: 1, referred: 1 });
    const text = flat(pdfText(bytes));
    expect(lineOf(bytes, 'Quorate')).toBe('Branch Result Meeting Quorate Present Selection Reselect Abstain Spoilt');
    expect(lineOf(bytes, 'West')).toBe('Ashbrook West Selection 10 June 2026 Yes 30 (28) 15 10 2 1');
    expect(lineOf(bytes, 'South')).toBe('Fernley South Reselect No record — — — — — —');
    expect(lineOf(bytes, 'Kind')).toBe('Affiliate Kind Result Decision');
    expect(lineOf(bytes, 'Staff')).toBe('Health Service Staff Union, Trade-union branch Reselect Decision received 12 June 2026');
    expect(lineOf(bytes, 'Fabians')).toBe('Fabians Socialist society Tie No decision received');
    expect(columnText(bytes, MARGIN + 355, MARGIN + 235)).toContain('No vote — not eligible: Fees not paid by the cut-off date');
    expect(columnText(bytes, MARGIN + 355, MARGIN + 235)).toContain('No vote — declined to take part');
    for (const fact of [
      'Ashbrook and Larkhill (E14009999): trigger ballot report',
      'FINAL report, revision 1. Issued 14 June 2026',
      'Sitting MP: Imogen Carrow',
      'A selection is NOT triggered. Combined selection share 25% (1/4).',
      'Branches: 1 selection, 1 reselect, 0 tie, 0 no vote, 0 pending.',
      'Present: people at the meeting, with those eligible to vote in brackets.',
      'or "No record" when the branch\'s result was reported without one.',
      'By category: Electoral register 1, Procedure 1.',
      'By status: Open 1, Referred to region 1.',
      fingerprint(r.keyId),
      r.sha256,
      `Audit trail: ${env.payload.history.entries} entries, head ${env.payload.history.head}.`,
    ]) {
      expect(text).toContain(fact);
    }
    // No code a person would have to decode, and nothing said of pending in a final report.
    expect(text).not.toMatch(/trade-union|socialist-society|co-operative|electoral-register|no-vote|\bfinal r\d|referred\b(?! to)|Not decided|Decided:/);
    expect(text).not.toMatch(/Hana|Garside|Aoife|Dunstable/);
  });

  it('prints a version 1 report as before: no pending, no decisions, the audit head', async () => {
    const { r, env } = exported();
    const v1 = { ...env, version: 1, payload: asVersion1(env.payload) } as unknown as ReportEnvelope;
    const bytes = await reportPdf(v1, r.sha256, {});
    const text = flat(pdfText(bytes));
    expect(text).toContain('Branches: 1 selection, 1 reselect, 0 tie, 0 no vote.');
    expect(text).toContain(`Audit trail head: ${env.payload.history.head}`);
    expect(lineOf(bytes, 'Kind')).toBe('Affiliate Kind Result');
    expect(lineOf(bytes, 'Staff')).toBe('Health Service Staff Union, Ashbrook Trade-union branch Reselect');
    expect(text).not.toMatch(/pending|Decision|Co-operative Party/);
  });

  it('says in words what version 2 adds: pending, why no vote, corrected meetings, decisions, undecided outcomes', async () => {
    const { r, env } = exported();
    const p = env.payload;
    const [west, south] = p.branches;
    const [coop, union] = p.affiliates;
    const interim: ReportEnvelopeV2 = {
      ...env,
      payload: {
        ...p,
        status: 'interim',
        branches: [
          { ...west!, meeting: { ...west!.meeting!, versions: 2 } },
          { ...south!, result: 'pending', noVoteReason: null },
          { ...west!, name: 'Quarry Ward', result: 'no-vote', noVoteReason: 'inquorate', meeting: { ...west!.meeting!, quorate: false, versions: 1 } },
          { ...south!, name: 'Mill Ward', result: 'no-vote', noVoteReason: 'not-held' },
        ],
        affiliates: [coop!, { ...union!, decision: { receivedOn: '2026-03-03', late: true } }, affiliate('Bakers Union', 'trade-union', 'pending')],
        outcome: { ...p.outcome, certain: false, branches: { ...p.outcome.branches, pending: 1 }, affiliates: { ...p.outcome.affiliates, pending: 1 } },
      },
    };
    const bytes = await reportPdf(interim, r.sha256, {});
    if (process.env.PDF_OUT) fs.writeFileSync(path.join(process.env.PDF_OUT, 'report-v2.pdf'), bytes);
    const text = flat(pdfText(bytes));
    for (const fact of [
      'INTERIM report, revision 1.',
      'A selection is NOT triggered so far.',
      'Not decided yet: the units still pending could change the outcome.',
      'Branches: 1 selection, 1 reselect, 0 tie, 0 no vote, 1 pending.',
      'Affiliates: 0 selection, 1 reselect, 0 tie, 0 no vote, 1 pending.',
    ]) {
      expect(text).toContain(fact);
    }
    const result = columnText(bytes, MARGIN + 177, MARGIN + 100);
    expect(result).toContain('Pending — not reported yet');
    expect(result).toContain('No vote — meeting inquorate');
    expect(result).toContain('No vote — meeting not held');
    expect(columnText(bytes, MARGIN + 239, MARGIN + 177)).toContain('10 June 2026 Corrected after closing (2 versions)');
    expect(lineOf(bytes, 'Bakers')).toMatch(/^Bakers Union Trade-union branch Pending .* No decision received$/);
    expect(columnText(bytes, MARGIN + 355, MARGIN + 235)).toContain('No vote — not eligible: Fees not paid by the cut-off date Reselect Pending — not reported yet');
    expect(columnText(bytes, MARGIN + 495, MARGIN + 355)).toContain('Decision received 3 March 2026 (late)');
    expect(text).not.toMatch(/no-vote|did-not-report|not-held|socialist-society|trade-union/);
  });

  it('says so when an interim outcome is already decided, and nothing of it when no unit is pending', async () => {
    const { r, env } = exported();
    const p = env.payload;
    const decided: ReportEnvelopeV2 = {
      ...env,
      payload: { ...p, status: 'interim', branches: [p.branches[0]!, { ...p.branches[1]!, result: 'pending' }], outcome: { ...p.outcome, certain: true, branches: { ...p.outcome.branches, reselect: 0, pending: 1 } } },
    };
    const text = flat(pdfText(await reportPdf(decided, r.sha256, {})));
    expect(text).toContain('A selection is NOT triggered. Combined');
    expect(text).toContain('Decided: whatever the pending units report, the outcome stays the same.');
    const none: ReportEnvelopeV2 = { ...env, payload: { ...p, status: 'interim' } };
    expect(flat(pdfText(await reportPdf(none, r.sha256, {})))).not.toMatch(/Decided|Not decided/);
  });

  it('numbers every page "Page N of M", dates every page, and repeats the table header on each page it runs onto', async () => {
    const { r, env } = exported();
    const template = env.payload.branches[0]!;
    env.payload.branches = Array.from({ length: 90 }, (_, i) => ({ ...template, name: `Ward ${String(i + 1).padStart(2, '0')}` }));
    const bytes = await reportPdf(env, r.sha256, {});
    const pages = (await PDFDocument.load(bytes)).getPageCount();
    expect(pages).toBeGreaterThanOrEqual(3);
    let headers = 0;
    for (let page = 1; page <= pages; page++) {
      const text = flat(pdfText(bytes, page));
      expect(text).toContain(`Page ${page} of ${pages}`);
      expect(text).toContain('Ashbrook and Larkhill: trigger ballot report, final, revision 1, issued 14 June 2026');
      if (text.includes('Branch Result Meeting Quorate')) headers++;
    }
    expect(headers).toBeGreaterThanOrEqual(2);
    const all = flat(pdfText(bytes));
    for (let i = 1; i <= 90; i++) expect(all).toContain(`Ward ${String(i).padStart(2, '0')} Selection`);
  });

  it('wraps long names onto more lines: every letter drawn, nothing past the right margin', async () => {
    const { r, env } = exported();
    const longWord = 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch';
    const longName = `${longWord} and Ynys Môn West, with the Villages of the Upper Valley beyond the Reservoir and the Old Quarry Road`;
    expect(longName.length).toBeLessThanOrEqual(200);
    env.payload.branches[0] = { ...env.payload.branches[0]!, name: longName };
    env.payload.affiliates[0] = { ...env.payload.affiliates[0]!, name: `${longWord}${longWord}${longWord.slice(0, 60)}` };
    env.payload.clp.name = `${longWord} and the Long Named Constituency of Somewhere`;
    const bytes = await reportPdf(env, r.sha256, {});
    const words = pdfWords(bytes);
    for (const w of words) expect(w.xMax, `"${w.word}" runs past the margin`).toBeLessThanOrEqual(A4_WIDTH - MARGIN + 0.5);
    const letters = (s: string) => s.replace(/\s/g, '');
    // The first column of each table holds the whole name, line after line.
    expect(letters(columnText(bytes, MARGIN + 104))).toContain(letters(longName));
    expect(letters(columnText(bytes, MARGIN + 145))).toContain(letters(env.payload.affiliates[0].name));
    expect(letters(pdfText(bytes))).toContain(letters(env.payload.clp.name));
    // The long name took several lines of its table cell.
    const lines = pdfWords(bytes).filter((w) => longName.includes(w.word) && w.xMax <= MARGIN + 104);
    expect(new Set(lines.map((w) => Math.round(w.yMin))).size).toBeGreaterThanOrEqual(4);
  });

  it('draws Welsh, accented Latin, Greek and Cyrillic names exactly, in embedded fonts', async () => {
    const { r, env } = exported();
    const names = ['Môn ŵŷ âêîôû', 'Zoë Łukasz', 'Dvořák Ţară', 'Nguyễn Thị', 'Αθηνά Μαρία', 'Дмитрий Іван'];
    env.payload.mp.name = 'Siân Ŵyn Ŷr-Ôwen';
    names.forEach((name, i) => (env.payload.branches[i] = { ...env.payload.branches[0]!, name }));
    const bytes = await reportPdf(env, r.sha256, {});
    const text = flat(pdfText(bytes));
    expect(text).toContain('Sitting MP: Siân Ŵyn Ŷr-Ôwen.');
    for (const name of names) expect(lineOf(bytes, name.split(' ')[1]!)).toBe(`${name} Selection 10 June 2026 Yes 30 (28) 15 10 2 1`);
    expect(text).not.toContain('?');
    const fonts = pdfFonts(bytes);
    expect(fonts).toMatch(/NotoSans-Regular/);
    expect(fonts).not.toMatch(/Helvetica/);
    // Every font is embedded (the "emb" column).
    for (const line of fonts.split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/Identity-H\s+yes/);
  });

  it('draws Hebrew and Arabic names right to left, the Arabic letters joined', async () => {
    const { r, env } = exported();
    env.payload.affiliates[0] = { ...env.payload.affiliates[0]!, name: 'سارة محمد' };
    env.payload.affiliates.push(affiliate('שלום עליכם', 'other', 'tie'), affiliate('Branch of سارة and 12 others', 'other', 'tie'));
    const bytes = await reportPdf(env, r.sha256, {});
    const text = flat(pdfText(bytes));
    // poppler reads the glyphs back in logical order: the same characters as the JSON.
    expect(text).toContain('سارة محمد');
    expect(text).toContain('שלום עליכם');
    expect(text).not.toContain('?');
    const words = pdfWords(bytes);
    const at = (word: string) => words.find((w) => w.word === word || w.word === visual(word))!;
    // The first word of a right-to-left name stands to the right of the second.
    expect(at('سارة').xMin).toBeGreaterThan(at('محمد').xMin);
    expect(at('שלום').xMin).toBeGreaterThan(at('עליכם').xMin);
    // Mixed with English, the English keeps its left-to-right order around the Arabic word.
    expect(at('Branch').xMin).toBeLessThan(at('سارة').xMin);
    expect(at('سارة').xMin).toBeLessThan(at('others').xMin);
    expect(pdfFonts(bytes)).toMatch(/NotoSansArabic-Regular[\s\S]*NotoSansHebrew-Regular|NotoSansHebrew-Regular[\s\S]*NotoSansArabic-Regular/);
  });

  it('shapes Arabic: one letter takes its initial, medial and final forms inside a word, its dots placed by the font', async () => {
    const w = await PdfWriter.create('Shaping', 'ببب');
    w.text('ببب');
    const [word] = await textObjects(await w.bytes());
    // Noto draws beh as a body and a dot; the three bodies must be three different glyphs
    // (final, medial, initial), where unshaped text would repeat one isolated form.
    const glyphs = word!.glyphs;
    const once = [...new Set(glyphs)].filter((g) => glyphs.filter((x) => x === g).length === 1);
    expect(once.length).toBe(3);
    // The dots are placed by the font's mark positioning, off the baseline the bodies sit on.
    expect(new Set(word!.ys).size).toBeGreaterThan(1);
  });

  it('writes a character no embedded font has as its code, never as "?", and drops invisible and reordering characters', async () => {
    const { r, env } = exported();
    env.payload.branches[0] = { ...env.payload.branches[0]!, name: '张伟' };
    env.payload.branches[1] = { ...env.payload.branches[1]!, name: 'Ash\u202ebrook\u200b Hill' };
    const bytes = await reportPdf(env, r.sha256, {});
    expect(lineOf(bytes, '[U+5F20][U+4F1F]')).toBe('[U+5F20][U+4F1F] Selection 10 June 2026 Yes 30 (28) 15 10 2 1');
    expect(lineOf(bytes, 'Hill')).toBe('Ashbrook Hill Reselect No record — — — — — —');
    expect(flat(pdfText(bytes))).not.toContain('?');
  });

  it('stays small: only the glyphs drawn are embedded', async () => {
    const { r, env } = exported();
    const latinOnly = await reportPdf(env, r.sha256, {});
    env.payload.branches[0] = { ...env.payload.branches[0]!, name: 'Ynys Môn ŵŷ' };
    env.payload.affiliates[0] = { ...env.payload.affiliates[0]!, name: 'سارة محمد — שלום עליכם' };
    env.payload.mp.name = 'Αθηνά Дмитрий';
    const everyScript = await reportPdf(env, r.sha256, {});
    console.log(`report PDF: ${latinOnly.byteLength} bytes in Latin only, ${everyScript.byteLength} bytes with Welsh, Greek, Cyrillic, Hebrew and Arabic names`);
    expect(latinOnly.byteLength).toBeLessThan(40_000);
    expect(everyScript.byteLength).toBeLessThan(60_000);
    expect(pdfFonts(latinOnly)).not.toMatch(/Arabic|Hebrew/);
  });
});

describe('the PDF fonts', () => {
  it('loads only the script slices the text needs', async () => {
    expect((await loadFaces('Ashbrook')).map((f) => f.name)).toEqual(['latin']);
    expect((await loadFaces('Ynys Môn ŵ, Αθηνά, سارة')).map((f) => f.name)).toEqual(['latin', 'latin-ext', 'greek', 'arabic']);
    expect(faceWanted(FACES.find((f) => f.name === 'hebrew')!, 'שלום')).toBe(true);
  });

  it('turns each WOFF file into the same font as an sfnt, and refuses a file that is not WOFF', async () => {
    for (const face of FACES) {
      const woff = dataUrlBytes((await face.regular()).default);
      const sfnt = await woffToSfnt(woff);
      const a = fontkit.create(woff) as unknown as { numGlyphs: number; postscriptName: string };
      const b = fontkit.create(sfnt) as unknown as { numGlyphs: number; postscriptName: string };
      expect(b.numGlyphs).toBe(a.numGlyphs);
      expect(b.postscriptName).toBe(a.postscriptName);
    }
    await expect(woffToSfnt(new Uint8Array(60))).rejects.toThrow('A font file is not a WOFF file.');
  });

  it('cleans text: NFC, no control or format characters except the joiners', () => {
    expect(cleanText('Ynys Mo\u0302n')).toBe('Ynys Môn');
    expect(cleanText('a\u200db\u200cc\u200bd\u202ee\u0007f\tg')).toBe('a\u200db\u200ccdef g');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = cleanText(s);
        expect(out).toBe(out.normalize('NFC'));
        expect(cleanText(out)).toBe(out);
        for (const ch of out) expect(/[\p{Cc}\p{Cs}\p{Co}\p{Cn}]/u.test(ch) || (/\p{Cf}/u.test(ch) && ch !== '\u200c' && ch !== '\u200d')).toBe(false);
      }),
    );
  });
});

describe('the regional summary', () => {
  const rows: RegionRowLike[] = [
    { clp: '=HYPERLINK("http://x","Ashbrook")', revision: 2, status: 'final', issuedAt: '2026-07-18T10:00:00Z', triggered: true, share: '3/5', threshold: '1/2', method: 'college', branchesReporting: 8, branches: 9, affiliatesReporting: 10, affiliates: 12, complaints: 3, openComplaints: 1, standing: 'final', branchesPending: 1, affiliatesPending: 2, revokedKey: true },
    { clp: 'Fernley South', revision: 1, status: 'interim', issuedAt: '2026-07-01T10:00:00Z', triggered: false, share: null, threshold: '1/3', method: 'either', branchesReporting: 2, branches: 7, affiliatesReporting: 0, affiliates: 5, complaints: 0, openComplaints: 0 },
  ];
  it('exports CSV with formula cells defused', () => {
    const csv = regionCsv(rows);
    expect(csv.split('\r\n')[0]).toBe('CLP,Status,Revision,Issued,Triggered,Share,Threshold,Branches reporting,Affiliates reporting,Complaints,Open complaints,Standing,Branches pending,Affiliates pending,Signed by a revoked key');
    expect(csv).toContain('"\'=HYPERLINK(""http://x"",""Ashbrook"")",final,2,18 July 2026,yes,60%,50%,8 of 9,10 of 12,3,1,final,1,2,yes');
    expect(csv).toContain('Fernley South,interim,1,1 July 2026,no,per class,33.33%,2 of 7,0 of 5,0,0,,,,');
  });
  it('exports a PDF with every CLP, the date it was made, page numbers and no codes', async () => {
    const bytes = await regionPdf('North Region', rows, '2026-11-28T06:30:00Z');
    const text = flat(pdfText(bytes));
    expect(text).toContain('North Region: trigger ballots');
    expect(text).toContain('Made 28 November 2026, 06:30 GMT');
    expect(text).toContain('2 CLPs with an accepted report; 1 triggered; 1 final.');
    expect(lineOf(bytes, 'Triggered')).toBe('CLP Report Triggered Share Branches Affiliates Complaints');
    expect(lineOf(bytes, 'Final,')).toBe('=HYPERLINK("http://x","As Final, revision 2, Yes 60% 8 of 9 10 of 12 3 (1 open)');
    expect(lineOf(bytes, 'Fernley')).toBe('Fernley South Interim, revision 1, No per class 2 of 7 0 of 5 0 (0 open)');
    expect(text).toContain('Page 1 of 1');
    expect(text).not.toMatch(/final r\d|\binterim\b/);
  });
  it('says "1 CLP", not "1 CLPs"', async () => {
    const text = flat(pdfText(await regionPdf('Wales', [{ ...rows[0]!, clp: 'Ynys Môn' }], '2026-07-20T09:00:00Z')));
    expect(text).toContain('1 CLP with an accepted report; 1 triggered; 1 final.');
    expect(text).toContain('Made 20 July 2026, 10:00 BST');
    expect(text).toContain('Ynys Môn Final, revision 2');
  });
});
