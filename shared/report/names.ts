/*
 * Names in reports (CLP, MP, branch and affiliate names): what version 2 allows, and the one
 * normalised form used wherever two names must be recognised as the same CLP (the regional
 * office's binding of a ballot to its CLP, and names unique within a class).
 */

/** The longest name, in characters (Unicode code points). */
const MAX_NAME_CHARACTERS = 200;

/** Control (Cc) and format (Cf) characters: zero-width spaces, joiners, bidi controls, BOM, NUL… */
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u;

/**
 * Why a name may not appear in a version 2 report, as a sentence about `what` (e.g. "The CLP
 * name"), or null when it may: Unicode NFC, 1–200 characters, no control or format characters.
 */
export function nameProblem(name: string, what: string): string | null {
  const characters = [...name].length;
  if (characters < 1 || characters > MAX_NAME_CHARACTERS) return `${what} must be 1 to ${MAX_NAME_CHARACTERS} characters long (it is ${characters}).`;
  const bad = CONTROL_OR_FORMAT.exec(name);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `${what} "${name.replace(/[\p{Cc}\p{Cf}]/gu, '')}" contains an invisible control or formatting character (U+${code}), which could make two different names look the same.`;
  }
  if (name.normalize('NFC') !== name) return `${what} "${name}" is not in Unicode NFC form: accented letters must be written as single characters, so that names that look the same are the same.`;
  return null;
}

/**
 * The normalised form of a CLP (or unit) name, for comparing names: NFC, case-folded,
 * with runs of white space made one space and none at either end. "Ynys Mo\u0302n" (NFD),
 * "YNYS MÔN" and " Ynys  Môn " all give "ynys môn".
 */
export function normaliseClpName(name: string): string {
  // Upper then lower case folds as Unicode's full case folding does for names: "Straße" and
  // "STRASSE" meet at "strasse", final and medial sigma meet at σ.
  return name.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC').replace(/\s+/gu, ' ').trim();
}
