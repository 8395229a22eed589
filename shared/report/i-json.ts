/*
 * The I-JSON (RFC 7493) rules that JSON.parse does not enforce, checked on the text itself
 * (docs/formats/report-v2.md section 1): no object with the same member name twice at any
 * depth (JSON.parse would let the last one win), no unpaired surrogate (raw or escaped),
 * and every number an exact integer no larger than 2^53 − 1 in magnitude (a version 2 report
 * holds no other numbers). Call it on text that JSON.parse has accepted: it reports
 * problems, it does not re-check the grammar. It never recurses, so any depth is safe.
 */

/** 2^53 − 1: the largest integer every JSON reader holds exactly. */
const MAX_EXACT = 9007199254740991n;

/** At most this many problems are listed: a hostile file could otherwise give millions. */
const MAX_PROBLEMS = 10;

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Whether a JSON number, spelled as it is, is exactly an integer within ±(2^53 − 1): `-0`,
 * `2.0` and `2e0` are (they are 0 and 2 exactly); `1.5`, `1e400` and `1.0000000000000000001`
 * are not, though JSON.parse turns the last into 1.
 */
export function isExactInteger(spelling: string): boolean {
  const m = /^-?(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(spelling);
  if (!m) return false;
  const whole = m[1] ?? '0';
  const fraction = m[2] ?? '';
  const expText = m[3] ?? '0';
  let digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return true; // zero, however it is written
  // An exponent of more than 6 digits is far beyond any integer that is held exactly.
  if (expText.replace(/^[+-]?0*/, '').length > 6) return false;
  let scale = Number(expText) - fraction.length;
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale += 1;
  }
  if (scale < 0) return false; // a fraction remains
  if (digits.length + scale > 16) return false;
  return BigInt(digits + '0'.repeat(scale)) <= MAX_EXACT;
}

interface Frame {
  kind: 'object' | 'array';
  names: Set<string> | null;
  path: string;
  index: number;
}

/**
 * Every I-JSON problem in `text` (already valid JSON), each a plain-English sentence naming
 * where it is, at most ten. Empty when the text is I-JSON with integer numbers only.
 */
export function iJsonProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: Frame[] = [];
  let i = 0;
  const n = text.length;
  const add = (message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(message);
  };
  const here = () => {
    const top = stack.at(-1);
    return top?.path || 'the top level';
  };
  /** Reads the string starting at the quote at `i`; returns its value and checks its surrogates. */
  const readString = (): string => {
    i += 1; // opening quote
    let out = '';
    let lone = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        break;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          out += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === 'b' ? '\b' : e === 'f' ? '\f' : (e ?? '');
          i += 2;
        }
        continue;
      }
      out += text[i];
      i += 1;
    }
    for (let k = 0; k < out.length; k++) {
      const c = out.charCodeAt(k);
      if (isHigh(c) && k + 1 < out.length && isLow(out.charCodeAt(k + 1))) k += 1;
      else if (isHigh(c) || isLow(c)) lone = true;
    }
    if (lone) add(`${here()} has a string with an unpaired surrogate (half of a character), which I-JSON does not allow.`);
    return out;
  };
  const childPath = (top: Frame | undefined, key: string | number): string =>
    top ? (typeof key === 'number' ? `${top.path}[${key}]` : top.path ? `${top.path}.${key}` : key) : '';
  let pendingKey: string | null = null; // the member name whose value comes next
  const valuePath = (): string => {
    const top = stack.at(-1);
    if (!top) return 'the top level';
    return top.kind === 'object' ? childPath(top, pendingKey ?? '?') : childPath(top, top.index);
  };
  while (i < n) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t' || ch === ',' || ch === ':') {
      i += 1;
      continue;
    }
    const top = stack.at(-1);
    if (ch === '}' || ch === ']') {
      stack.pop();
      const parent = stack.at(-1);
      if (parent?.kind === 'array') parent.index += 1;
      pendingKey = null;
      i += 1;
      continue;
    }
    // In an object, a string where a member name is expected is the name.
    if (top?.kind === 'object' && pendingKey === null) {
      if (ch !== '"') break; // not JSON: left to the parser
      const key = readString();
      if (top.names!.has(key)) add(`${childPath(top, key) || key} appears more than once in the same object; I-JSON does not allow a repeated member name.`);
      top.names!.add(key);
      pendingKey = key;
      continue;
    }
    const path = valuePath();
    if (ch === '{' || ch === '[') {
      stack.push({ kind: ch === '{' ? 'object' : 'array', names: ch === '{' ? new Set() : null, path: path === 'the top level' ? '' : path, index: 0 });
      pendingKey = null;
      i += 1;
      continue;
    }
    if (ch === '"') {
      readString();
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const start = i;
      while (i < n && /[-+.eE0-9]/.test(text[i]!)) i += 1;
      const spelling = text.slice(start, i);
      if (!isExactInteger(spelling)) add(`${path}: ${spelling.length > 30 ? `${spelling.slice(0, 30)}…` : spelling} is not an exact whole number of at most 9007199254740991.`);
    } else {
      // true, false, null
      while (i < n && /[a-z]/.test(text[i]!)) i += 1;
    }
    if (top?.kind === 'array') top.index += 1;
    pendingKey = null;
  }
  return problems;
}

/** A surrogate not in a pair (in the `u` mode a pair is one character, so it never matches). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/**
 * Array elements that need no closer look, each followed by its comma: strings without an
 * escape or a surrogate, integers of at most 15 digits (all exact), true, false and null. A
 * history's thousands of links are passed over in one match.
 */
const PLAIN_ELEMENTS = /(?:[ \t\n\r]*(?:"[^"\\\uD800-\uDFFF]*"|-?(?:0|[1-9][0-9]{0,14})(?![0-9.eE])|true|false|null)[ \t\n\r]*,)*/y;
/** An integer of at most 15 digits: exact, without a closer look. */
const SHORT_INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;

/**
 * Whether `text` (already valid JSON) is I-JSON with integer numbers only, that is whether
 * `iJsonProblems(text)` is empty, found in one quick pass: for a report, about the cost of
 * JSON.parse. Where it returns false, `iJsonProblems` says what is wrong and where.
 */
export function iJsonClean(text: string): boolean {
  // Without a lone surrogate in the text as written, only a string with an escape can hold one.
  const rawLone = LONE_SURROGATE.test(text);
  const n = text.length;
  /** Each open object's member names so far; null for an array. */
  const stack: (Set<string> | null)[] = [];
  let top: Set<string> | null | undefined;
  let keyNext = false;
  let backslash = text.indexOf('\\');
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c || c === 0x3a) {
      i += 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      // { or [
      top = c === 0x7b ? new Set<string>() : null;
      stack.push(top);
      keyNext = top !== null;
      i += 1;
      if (top === null) {
        PLAIN_ELEMENTS.lastIndex = i;
        if (PLAIN_ELEMENTS.test(text)) i = PLAIN_ELEMENTS.lastIndex;
        if (backslash !== -1 && backslash < i) backslash = text.indexOf('\\', i);
      }
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      // } or ]
      stack.pop();
      top = stack.at(-1);
      keyNext = top != null;
      i += 1;
      continue;
    }
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      let value: string | null = null;
      if (backslash !== -1 && backslash < end) {
        end = i + 1;
        while (text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
        backslash = text.indexOf('\\', end);
        value = JSON.parse(text.slice(i, end + 1)) as string;
        if (LONE_SURROGATE.test(value)) return false;
      } else if (rawLone || keyNext) {
        value = text.slice(i + 1, end);
        if (rawLone && LONE_SURROGATE.test(value)) return false;
      }
      if (keyNext) {
        if (top!.has(value!)) return false;
        top!.add(value!);
        keyNext = false;
      } else keyNext = top != null;
      i = end + 1;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i += 1;
      for (let d = text.charCodeAt(i); (d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d; d = text.charCodeAt(i)) i += 1;
      const spelling = text.slice(start, i);
      if (!SHORT_INTEGER.test(spelling) && !isExactInteger(spelling)) return false;
      keyNext = top != null;
      continue;
    }
    // true, false, null
    while (i < n && text.charCodeAt(i) >= 0x61 && text.charCodeAt(i) <= 0x7a) i += 1;
    keyNext = top != null;
  }
  return true;
}
