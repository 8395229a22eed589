import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/canonical-json';
import { SIGNED_PREFIX_V2 } from '../../../shared/report/report-schema';
import { keyIdOf, signBytes, verifyBytes } from '../../../db/signing/keys';
import { verifyReportText } from '../../../db/signing/verify-report';
import type { ExportedReportInfo } from '../../../shared/api';
import { tempDir } from '../db/fixtures';
import { readyToReport } from './fixtures';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('Ed25519 (RFC 8032, test 1)', () => {
  const secret = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
  const pub = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  const sig = hex('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');
  it('signs the empty message to the published signature, and verifies it', () => {
    const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: secret.toString('base64url'), x: pub.toString('base64url') }, format: 'jwk' });
    expect(signBytes(key, Buffer.alloc(0)).equals(sig)).toBe(true);
    expect(verifyBytes(pub, Buffer.alloc(0), sig)).toBe(true);
    expect(verifyBytes(pub, Buffer.from('x'), sig)).toBe(false);
  });
});

describe('the canonical form (RFC 8785)', () => {
  it('serialises numbers, literals and string escapes as the RFC’s example does', () => {
    const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}') as unknown;
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts keys by UTF-16 code units, as the RFC’s example does', () => {
    const input = JSON.parse('{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}') as Record<string, string>;
    // (Checked on the text itself: a parsed object would put "1" first, as JavaScript orders integer keys.)
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });
});

describe('interoperability with OpenSSL', () => {
  it('verifies a report that OpenSSL signed over the exact message bytes', () => {
    const dir = tempDir();
    const svc = readyToReport();
    const ours = JSON.parse(svc.ok<ExportedReportInfo>('exportReport', { status: 'interim' }).json) as { payload: unknown };
    const keyPem = path.join(dir, 'key.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', keyPem]);
    const der = execFileSync('openssl', ['pkey', '-in', keyPem, '-pubout', '-outform', 'DER']);
    const raw = der.subarray(der.length - 32);
    const msg = path.join(dir, 'msg.bin');
    fs.writeFileSync(msg, SIGNED_PREFIX_V2 + canonicalJson(ours.payload));
    const sig = execFileSync('openssl', ['pkeyutl', '-sign', '-inkey', keyPem, '-rawin', '-in', msg]);
    const envelope = { format: 'teller-report', version: 2, payload: ours.payload, signature: { algorithm: 'Ed25519', publicKey: raw.toString('base64'), keyId: keyIdOf(raw), value: sig.toString('base64') } };
    const v = verifyReportText(JSON.stringify(envelope));
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('produces reports that OpenSSL verifies', () => {
    const dir = tempDir();
    const svc = readyToReport();
    const env = JSON.parse(svc.ok<ExportedReportInfo>('exportReport', { status: 'final', confirm: 'FINAL' }).json) as { payload: unknown; signature: { publicKey: string; value: string } };
    const raw = Buffer.from(env.signature.publicKey, 'base64');
    const spki = Buffer.concat([hex('302a300506032b6570032100'), raw]);
    const pubPem = path.join(dir, 'pub.pem');
    fs.writeFileSync(pubPem, `-----BEGIN PUBLIC KEY-----\n${spki.toString('base64')}\n-----END PUBLIC KEY-----\n`);
    const msg = path.join(dir, 'msg.bin');
    fs.writeFileSync(msg, SIGNED_PREFIX_V2 + canonicalJson(env.payload));
    const sig = path.join(dir, 'sig.bin');
    fs.writeFileSync(sig, Buffer.from(env.signature.value, 'base64'));
    const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pubPem, '-rawin', '-in', msg, '-sigfile', sig], { encoding: 'utf8' });
    expect(out).toMatch(/Signature Verified Successfully/);
  });
});
