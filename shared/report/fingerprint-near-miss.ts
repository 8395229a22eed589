import { fingerprint } from './fingerprint';

/** A key already on the list whose fingerprint differs from a new one in exactly one group of four. */
interface NearMiss {
  keyId: string;
  clp: string;
  revoked: boolean;
  /** Which group differs, counted from 1 (of 8). */
  group: number;
  /** That group as the new key has it, and as the listed key has it. */
  given: string;
  listed: string;
  /** One plain-English sentence to show beside the key. */
  message: string;
}

const groups = (keyId: string) => fingerprint(keyId.toLowerCase()).split(' ');

/**
 * The listed keys (trusted or revoked) whose fingerprint differs from `keyId` in exactly one
 * group of four hex digits: a fingerprint misread by phone by one group, or a look-alike key.
 * A key identical to a listed one is not a near miss.
 */
export function nearMissKeys(keyId: string, listed: readonly { keyId: string; clp: string; revoked: boolean }[]): NearMiss[] {
  const mine = groups(keyId);
  const found: NearMiss[] = [];
  for (const k of listed) {
    const theirs = groups(k.keyId);
    if (theirs.length !== mine.length) continue;
    const differing = mine.flatMap((g, i) => (g === theirs[i] ? [] : [i]));
    if (differing.length !== 1) continue;
    const i = differing[0]!;
    found.push({
      keyId: k.keyId,
      clp: k.clp,
      revoked: k.revoked,
      group: i + 1,
      given: mine[i]!,
      listed: theirs[i]!,
      message: `This fingerprint differs in only one group (group ${i + 1}: ${mine[i]} here, ${theirs[i]} there) from the key ${k.revoked ? 'revoked' : 'trusted'} for ${k.clp}: check it digit by digit with the CLP's secretary.`,
    });
  }
  return found;
}
