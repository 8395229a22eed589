/*
 * The fonts the PDFs embed: Noto Sans (SIL Open Font License 1.1, which allows embedding) from
 * the @fontsource packages, one WOFF file per script slice and weight. A document loads only
 * the slices its text needs (Latin always), and pdf-writer embeds only the glyphs it draws.
 *
 * The files come in as `?inline` imports: the bundler turns each into a data URL in a chunk of
 * its own, loaded when a PDF is made, in the window and in the tests alike (no fetch, no file
 * system, nothing for the Content Security Policy to allow).
 */

type Loader = () => Promise<{ default: string }>;

interface FaceSpec {
  /** The slice's name, e.g. "latin-ext". */
  readonly name: string;
  /** Code points the slice covers, as fontsource's unicode-range (decides whether to load it). */
  readonly range: string;
  readonly regular: Loader;
  readonly bold: Loader;
}

/** In the order a character looks for its font: Latin first, then the other scripts. */
export const FACES: readonly FaceSpec[] = [
  {
    name: 'latin',
    range: 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
    regular: () => import('@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff?inline'),
    bold: () => import('@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff?inline'),
  },
  {
    name: 'latin-ext',
    range: 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
    regular: () => import('@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff?inline'),
    bold: () => import('@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff?inline'),
  },
  {
    name: 'vietnamese',
    range: 'U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB',
    regular: () => import('@fontsource/noto-sans/files/noto-sans-vietnamese-400-normal.woff?inline'),
    bold: () => import('@fontsource/noto-sans/files/noto-sans-vietnamese-700-normal.woff?inline'),
  },
  {
    name: 'greek',
    range: 'U+0370-0377,U+037A-037F,U+0384-038A,U+038C,U+038E-03A1,U+03A3-03FF',
    regular: () => import('@fontsource/noto-sans/files/noto-sans-greek-400-normal.woff?inline'),
    bold: () => import('@fontsource/noto-sans/files/noto-sans-greek-700-normal.woff?inline'),
  },
  {
    name: 'cyrillic',
    range: 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116',
    regular: () => import('@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff?inline'),
    bold: () => import('@fontsource/noto-sans/files/noto-sans-cyrillic-700-normal.woff?inline'),
  },
  {
    name: 'cyrillic-ext',
    range: 'U+0460-052F,U+1C80-1C8A,U+20B4,U+2DE0-2DFF,U+A640-A69F,U+FE2E-FE2F',
    regular: () => import('@fontsource/noto-sans/files/noto-sans-cyrillic-ext-400-normal.woff?inline'),
    bold: () => import('@fontsource/noto-sans/files/noto-sans-cyrillic-ext-700-normal.woff?inline'),
  },
  {
    name: 'hebrew',
    range: 'U+0307-0308,U+0590-05FF,U+200C-2010,U+20AA,U+25CC,U+FB1D-FB4F',
    regular: () => import('@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-400-normal.woff?inline'),
    bold: () => import('@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-700-normal.woff?inline'),
  },
  {
    name: 'arabic',
    range: 'U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC',
    regular: () => import('@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff?inline'),
    bold: () => import('@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff?inline'),
  },
];

/** "U+0100-02BA,U+0304" → [[0x100, 0x2ba], [0x304, 0x304]]. */
function parseRange(range: string): [number, number][] {
  return range.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(from ?? '', 16);
    return [start, to ? parseInt(to, 16) : start];
  });
}

/** Whether any code point of the text falls in the slice's range (Latin is always wanted). */
export function faceWanted(face: FaceSpec, text: string): boolean {
  if (face.name === 'latin') return true;
  const ranges = parseRange(face.range);
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x7f && ranges.some(([a, b]) => cp >= a && cp <= b)) return true;
  }
  return false;
}

/** The bytes of a data URL (the `?inline` import) in the window and in Node alike. */
export function dataUrlBytes(url: string): Uint8Array {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0 || !url.slice(0, comma).endsWith(';base64')) throw new Error('A font file did not load as a base64 data URL.');
  const binary = atob(url.slice(comma + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A WOFF 1 file as the plain OpenType (sfnt) file it wraps: each table inflated once. fontkit
 * reads a WOFF too, but inflates a whole table again for every glyph it reads, which made a
 * report take seconds; pdf-lib embeds the (subset) sfnt either way.
 */
export async function woffToSfnt(woff: Uint8Array): Promise<Uint8Array> {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (woff.byteLength < 44 || view.getUint32(0) !== 0x774f4646) throw new Error('A font file is not a WOFF file.');
  const flavor = view.getUint32(4);
  const numTables = view.getUint16(12);
  const tables = await Promise.all(
    Array.from({ length: numTables }, async (_, i) => {
      const at = 44 + i * 20;
      const tag = view.getUint32(at);
      const offset = view.getUint32(at + 4);
      const compLength = view.getUint32(at + 8);
      const origLength = view.getUint32(at + 12);
      const checksum = view.getUint32(at + 16);
      const raw = woff.subarray(offset, offset + compLength);
      const data = compLength < origLength ? await inflate(raw) : raw;
      if (data.byteLength !== origLength) throw new Error('A font file is damaged: a table has the wrong length.');
      return { tag, checksum, data };
    }),
  );
  const headerLength = 12 + 16 * numTables;
  const total = tables.reduce((sum, t) => sum + ((t.data.byteLength + 3) & ~3), headerLength);
  const out = new Uint8Array(total);
  const w = new DataView(out.buffer);
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  w.setUint32(0, flavor);
  w.setUint16(4, numTables);
  w.setUint16(6, searchRange);
  w.setUint16(8, entrySelector);
  w.setUint16(10, numTables * 16 - searchRange);
  let offset = headerLength;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    w.setUint32(at, t.tag);
    w.setUint32(at + 4, t.checksum);
    w.setUint32(at + 8, offset);
    w.setUint32(at + 12, t.data.byteLength);
    out.set(t.data, offset);
    offset += (t.data.byteLength + 3) & ~3;
  });
  return out;
}

interface LoadedFace {
  readonly name: string;
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

/** The slices the text needs, loaded (in FACES order). */
export async function loadFaces(text: string): Promise<LoadedFace[]> {
  const wanted = FACES.filter((f) => faceWanted(f, text.normalize('NFC')));
  return Promise.all(
    wanted.map(async (f) => {
      const [regular, bold] = await Promise.all([f.regular(), f.bold()]);
      const [r, b] = await Promise.all([woffToSfnt(dataUrlBytes(regular.default)), woffToSfnt(dataUrlBytes(bold.default))]);
      return { name: f.name, regular: r, bold: b };
    }),
  );
}
