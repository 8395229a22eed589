import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiParsedInput } from '../../shared/api';
import type { UnitResult } from '../../shared/outcome';
import { presetById } from '../../shared/rules';
import type { ClpStore } from '../store/clp-store';
import { saveBallot } from './ballot';
import { saveClp } from './clp';
import { addAffiliate, addBranch, affiliates, branches, recordAffiliateDecision, recordResult } from './units';
import { seededRandom } from '../seeded-random';
import { guessMapping } from '../../shared/lists/member-fields';
import { importMembersHere } from '../members/import-worker';
import { useSnapshot } from '../members/snapshots';
import { syntheticMembers, syntheticMembershipCsv } from '../members/synthetic-members';

// Invented place-name parts and first/last names: no real constituency, ward or person.
const PLACE_START = ['Ash', 'Bramble', 'Copper', 'Elder', 'Fern', 'Hazel', 'Kings', 'Lark', 'Mill', 'Oak', 'Quarry', 'Rook', 'Salt', 'Thorn', 'Willow', 'Yew'];
const PLACE_END = ['brook', 'field', 'gate', 'hill', 'ley', 'mere', 'moor', 'stead', 'wick', 'wood'];
const WARD_SUFFIX = ['', ' North', ' South', ' East', ' West', ' Central', ' & Riverside', ' Park'];
const FIRST = ['Aisha', 'Bernard', 'Ciara', 'Dev', 'Eleri', 'Femi', 'Gwen', 'Harjit', 'Imogen', 'Jonah', 'Kerry', 'Lowri', 'Marek', 'Niamh', 'Owain', 'Priya'];
const LAST = ['Ashworth', 'Brennan', 'Carrow', 'Dunmore', 'Ellery', 'Fairbairn', 'Gorrie', 'Hollins', 'Iverson', 'Jessop', 'Kettering', 'Lomax'];
const AFFILIATES: [string, ApiParsedInput<'addAffiliate'>['kind']][] = [
  ['Transport & General Workers, {p} branch', 'trade-union'],
  ['Health Service Staff Union, {p} branch', 'trade-union'],
  ['Communication Workers, {p} No. 2', 'trade-union'],
  ['Retail & Distribution Union, {p} branch', 'trade-union'],
  ['Teachers and Lecturers Union, {p}', 'trade-union'],
  ['Builders and Allied Trades, {p}', 'trade-union'],
  ['Rail Maritime Workers, {p} branch', 'trade-union'],
  ['Public Services Union, {p} local government', 'trade-union'],
  ['{p} Co-operative Party', 'co-operative'],
  ['{p} Socialist Health Society', 'socialist-society'],
  ['{p} Young Socialists Society', 'socialist-society'],
  ['{p} Disability Equality Society', 'socialist-society'],
];

function pick<T>(rand: () => number, xs: readonly T[]): T {
  const x = xs[Math.floor(rand() * xs.length)];
  if (x === undefined) throw new Error('pick from an empty list');
  return x;
}

function placeName(rand: () => number): string {
  return pick(rand, PLACE_START) + pick(rand, PLACE_END);
}

/** Fills an empty store with an invented CLP part-way through a trigger ballot. */
export function populateDemoClp(store: ClpStore, seed = 2026): void {
  const rand = seededRandom(seed);
  const town = placeName(rand);
  saveClp(store, { name: `${town} and ${placeName(rand)}`, code: null, mpName: `${pick(rand, FIRST)} ${pick(rand, LAST)}` });
  const wards = new Set<string>();
  while (wards.size < 9) wards.add(placeName(rand) + pick(rand, WARD_SUFFIX));
  for (const name of wards) addBranch(store, { name });
  AFFILIATES.forEach(([pattern, kind], i) => {
    const eligible = i !== 5;
    addAffiliate(store, {
      name: pattern.replace('{p}', town),
      kind,
      eligible,
      ineligibleReason: eligible ? null : 'Affiliation fees not paid by the cut-off date',
    });
  });
  const preset = presetById('labour-2021');
  if (!preset) throw new Error('labour-2021 preset missing');
  saveBallot(store, { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: preset.rules });
  const branchResults: UnitResult[] = ['selection', 'reselect', 'reselect', 'selection', 'tie', 'reselect'];
  branches(store).forEach((b, i) => {
    const result = branchResults[i];
    if (result) recordResult(store, { unit: 'branch', id: b.id, result, reason: 'Invented for the demo.' });
  });
  // An invented membership list, so the door desk can be tried on the demo.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'teller-demo-')), 'demo-members.csv');
  try {
    const csv = syntheticMembershipCsv(syntheticMembers(800, [...wards], seed));
    fs.writeFileSync(file, csv);
    // The import job's own reading, checking and writing. No backup: a demo store is made from
    // nothing, and its backup would sit among the secretary's own.
    const mapping = guessMapping(csv.slice(0, csv.indexOf('\r\n')).split(','));
    const at = store.stamp(); // by the store's clock, like every other entry: times never go backwards
    const { snapshotId } = importMembersHere(store.db, { file, fileName: path.basename(file), fileKey: null, mapping, today: '2026-05-01', actor: 'demo', at, vocabulary: { branches: [...wards], statuses: {}, branchMap: {} }, asAt: '2026-05-01' }, () => undefined, () => undefined);
    useSnapshot(store, snapshotId);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  const affiliateResults: UnitResult[] = ['reselect', 'selection', 'reselect', 'no-vote', 'reselect', 'reselect', 'selection'];
  affiliates(store).filter((a) => a.eligible).forEach((a, i) => {
    const result = affiliateResults[i];
    if (result) recordAffiliateDecision(store, { affiliateId: a.id, result, receivedOn: `2026-06-${String(10 + i).padStart(2, '0')}`, method: i % 2 === 0 ? 'form' : 'letter', signedBy: 'Branch secretary' });
  });
}
