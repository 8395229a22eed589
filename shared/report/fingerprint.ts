/** A key's fingerprint for people: its keyId in groups of four hex digits, to read aloud. */
export function fingerprint(keyId: string): string {
  return keyId.match(/.{1,4}/g)?.join(' ') ?? keyId;
}
