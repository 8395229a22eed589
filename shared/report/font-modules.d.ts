// Types for what the PDF writer imports that ships without them.

/** A font file imported as a base64 data URL (the bundler's `?inline`). */
declare module '*.woff?inline' {
  const dataUrl: string;
  export default dataUrl;
}

/** The part of fontkit 2 (MIT; it ships no types) that the PDF writer and pdf-lib use. */
declare module 'fontkit' {
  export interface FontkitSubset {
    includeGlyph(glyph: number | object): number;
    encode(): Uint8Array;
    encodeStream?: () => unknown;
  }
  export interface FontkitFont {
    hasGlyphForCodePoint(codePoint: number): boolean;
    createSubset(): FontkitSubset;
    layout(text: string, features?: unknown): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}
