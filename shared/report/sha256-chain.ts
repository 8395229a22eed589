/*
 * The history chain of report-v2 (section 5 of the format): h(0) = 32 zero bytes,
 * h(i) = SHA-256(h(i−1) || link i), each link 32 bytes. Every step hashes exactly 64 bytes,
 * so its second SHA-256 block is always the same padding block, whose message schedule is
 * worked out once here. A report carries thousands of links: done this way, in one call over
 * all their bytes, the chain costs about a third of one crypto.createHash per link (whose
 * cost is nearly all the crossing into native code, not the hashing). Checked against
 * node:crypto by the tests.
 */

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
  0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
/** Expands words 0..15 of `w` into its 64-word message schedule. */
function schedule(w: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const a = w[t - 15]!;
    const b = w[t - 2]!;
    w[t] = (w[t - 16]! + (((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)) + w[t - 7]! + (((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10))) | 0;
  }
}

/** The round constants plus the scheduled padding block of a 64-byte message (0x80, zeros, the length 512 in bits). */
const K_PADDED = new Int32Array(64);
{
  const padding = new Int32Array(64);
  padding[0] = 0x80000000 | 0;
  padding[15] = 512;
  schedule(padding);
  for (let t = 0; t < 64; t++) K_PADDED[t] = (K[t]! + padding[t]!) | 0;
}
const ZERO = new Int32Array(64);

/** One SHA-256 compression into the state `s`: the block is the scheduled words `w` plus the constants `k`. */
function compress(s: Int32Array, k: Int32Array, w: Int32Array): void {
  let a = s[0]!;
  let b = s[1]!;
  let c = s[2]!;
  let d = s[3]!;
  let e = s[4]!;
  let f = s[5]!;
  let g = s[6]!;
  let h = s[7]!;
  for (let t = 0; t < 64; t++) {
    const t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + k[t]! + w[t]!) | 0;
    const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  s[0] = (s[0]! + a) | 0;
  s[1] = (s[1]! + b) | 0;
  s[2] = (s[2]! + c) | 0;
  s[3] = (s[3]! + d) | 0;
  s[4] = (s[4]! + e) | 0;
  s[5] = (s[5]! + f) | 0;
  s[6] = (s[6]! + g) | 0;
  s[7] = (s[7]! + h) | 0;
}

const toHex = (head: Int32Array) => Array.from(head, (x) => (x >>> 0).toString(16).padStart(8, '0')).join('');

/**
 * Chains `links` (their bytes end to end, 32 each) from h(0) and gives, for each number in
 * `at`, the head after that many links in lowercase hex, in the order asked; a number past
 * the last link gives ''. `chainHeads(bytes, [bytes.length / 32])` is the whole history's head.
 */
export function chainHeads(links: Uint8Array, at: readonly number[]): string[] {
  const count = Math.floor(links.length / 32);
  const wanted = new Map<number, number[]>();
  at.forEach((n, i) => wanted.set(n, [...(wanted.get(n) ?? []), i]));
  const last = Math.min(count, Math.max(0, ...at));
  const out = new Array<string>(at.length).fill('');
  const s = new Int32Array(8); // h(0): 32 zero bytes
  const w = new Int32Array(64);
  const give = (n: number) => {
    for (const i of wanted.get(n) ?? []) out[i] = toHex(s);
  };
  give(0);
  for (let i = 0; i < last; i++) {
    // The block: the head so far, then the link.
    for (let j = 0; j < 8; j++) w[j] = s[j]!;
    for (let j = 8, p = i * 32; j < 16; j++, p += 4) w[j] = (links[p]! << 24) | (links[p + 1]! << 16) | (links[p + 2]! << 8) | links[p + 3]!;
    schedule(w);
    s[0] = 0x6a09e667;
    s[1] = 0xbb67ae85 | 0;
    s[2] = 0x3c6ef372;
    s[3] = 0xa54ff53a | 0;
    s[4] = 0x510e527f;
    s[5] = 0x9b05688c | 0;
    s[6] = 0x1f83d9ab;
    s[7] = 0x5be0cd19;
    compress(s, K, w);
    compress(s, K_PADDED, ZERO);
    give(i + 1);
  }
  return out;
}
