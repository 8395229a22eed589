import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_CODES, CHECK_WORDS, checkName, checkSentence, resultWords, verdictWords } from '../../../renderer/screens/region/words';

// The regional office says every check in words: the ten codes of the format document, one plain sentence each.

const formatDoc = fs.readFileSync(path.resolve('docs/formats/report-v2.md'), 'utf8');

describe('the checks in words', () => {
  it('covers exactly the codes the format document lists, in its order', () => {
    const listed = /spelled exactly like this:([^.]*)\./.exec(formatDoc.replace(/\s+/g, ' '))?.[1];
    expect(listed).toBeDefined();
    expect([...listed!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1])).toEqual([...CHECK_CODES]);
  });

  it('gives each code a name and one sentence, and none twice', () => {
    const sentences = CHECK_CODES.map((c) => CHECK_WORDS[c].failed);
    for (const s of sentences) {
      expect(s).toMatch(/^[A-Z].*\.$/);
      // One sentence: no full stop before the last character.
      expect(s.slice(0, -1)).not.toMatch(/\.\s/);
    }
    expect(new Set(sentences).size).toBe(CHECK_CODES.length);
    expect(new Set(CHECK_CODES.map(checkName)).size).toBe(CHECK_CODES.length);
  });

  it('shows an unknown code as itself, without inventing a meaning', () => {
    expect(checkName('from-the-future')).toBe('from-the-future');
    expect(checkSentence('from-the-future')).toBeNull();
    expect(checkSentence('trust')).toBe(CHECK_WORDS.trust.failed);
  });

  it('says verdicts and results in words', () => {
    expect(verdictWords('refused').word).toBe('Refused');
    expect(verdictWords('flagged').tone).toBe('warn');
    expect(verdictWords('odd').word).toBe('odd');
    expect(resultWords('no-vote', 'inquorate')).toBe('No vote: the meeting was not quorate');
    expect(resultWords('pending', null)).toBe('Not reported yet');
    expect(resultWords('selection', null)).toBe('Selection');
  });
});
