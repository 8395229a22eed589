import { TellerError } from '../../shared/errors';
import { normaliseClpName } from '../../shared/report/names';

/*
 * CLP names as the regional office compares them. Two spellings that look the same to an
 * officer (NFD and NFC, a zero-width or bidi mark inside, fullwidth letters, different case or
 * spacing) are the same CLP: trust, revocation, binding and supersession all use the key.
 */

/** Control and format characters (Unicode Cc, Cf): invisible, so never part of a name. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * The key two names are compared by: the reports' shared normalised form (NFC, case folded,
 * spaces collapsed), after compatibility forms are folded (NFKC: fullwidth letters,
 * ligatures) and invisible characters removed, which a version 1 report may still hold.
 */
export function clpKey(name: string): string {
  return normaliseClpName(name.normalize('NFKC').replace(INVISIBLE, ''));
}

/** A name an officer typed, as it is kept and shown: NFC, spaces collapsed; refused if it holds invisible characters or is empty. */
export function cleanClpName(name: string): string {
  const nfc = name.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (nfc === '') throw new TellerError('invalid-input', "Give the CLP's name exactly as its reports show it.", 'clp');
  if (new RegExp(INVISIBLE.source, 'u').test(nfc)) throw new TellerError('invalid-input', "The CLP's name holds invisible (control or format) characters: type it again without them.", 'clp');
  if (nfc.length > 200) throw new TellerError('invalid-input', "A CLP's name is at most 200 characters.", 'clp');
  return nfc;
}
