import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticMembers, syntheticMembershipCsv } from '../../../db/members/synthetic-members';
import type { ApiOutput, Job } from '../../../shared/api';
import { openService, previewOf, setUpClp, tempDir } from './fixtures';

type Listing = ApiOutput<'listMembers'>;
const ALL = { search: '', branch: null, eligible: null, offset: 0, limit: 500 };

describe('the member list', () => {
  it('says who may vote and why not, counts per branch, and searches without accents or spacing', () => {
    const svc = openService();
    setUpClp(svc);
    expect(svc.ok<Listing>('listMembers', ALL)).toEqual({ snapshotId: null, members: [], matched: 0, total: 0, eligible: 0, byBranch: [] });
    const members = syntheticMembers(60, ['Ashbrook West', 'Fernley South'], 4).map((m, i) =>
      i === 0
        ? { ...m, number: 'L0900001', first: 'Renée', last: 'Désirée-Fairbrother', postcode: 'AB1 2CD', branch: 'Ashbrook West', joined: '01/02/2015', status: 'Active' }
        : i === 1
          ? { ...m, number: 'L0900002', branch: 'Fernley South', joined: '01/04/2026', status: 'Active' }
          : m,
    );
    const file = path.join(tempDir(), 'members.csv');
    fs.writeFileSync(file, syntheticMembershipCsv(members));
    const fileId = svc.service.staged.add(file);
    svc.ok<Job>('startImport', { kind: 'members', fileId, mapping: previewOf(svc, { kind: 'members', fileId }).mapping });
    const all = svc.ok<Listing>('listMembers', ALL);
    expect(all.total).toBe(60);
    expect(all.matched).toBe(60);
    expect(all.byBranch.map((b) => b.branch)).toEqual(['Ashbrook West', 'Fernley South']);
    expect(all.byBranch.reduce((n, b) => n + b.members, 0)).toBe(60);
    expect(all.byBranch.reduce((n, b) => n + b.eligible, 0)).toBe(all.eligible);
    expect(all.members.filter((m) => m.eligible)).toHaveLength(all.eligible);
    expect(all.members.filter((m) => !m.eligible).every((m) => m.reasons.length > 0)).toBe(true);
    expect(all.members.filter((m) => m.eligible).every((m) => m.reasons.length === 0)).toBe(true);

    expect(svc.ok<Listing>('listMembers', { ...ALL, search: 'renee desiree' }).members).toMatchObject([{ number: 'L0900001', eligible: true, reasons: [] }]);
    expect(svc.ok<Listing>('listMembers', { ...ALL, search: 'ab12cd' }).members.map((m) => m.number)).toContain('L0900001');
    const late = svc.ok<Listing>('listMembers', { ...ALL, search: 'L0900002' }).members[0]!;
    expect(late).toMatchObject({ eligible: false });
    expect(late.reasons.join('; ')).toMatch(/less than 6 months before the freeze date \(1 May 2026\)/);

    const refused = svc.ok<Listing>('listMembers', { ...ALL, eligible: false });
    expect(refused.matched).toBe(60 - all.eligible);
    expect(refused.total).toBe(60);
    const south = svc.ok<Listing>('listMembers', { ...ALL, branch: 'Fernley South' });
    expect(south.matched).toBe(all.byBranch[1]!.members);
    const page = svc.ok<Listing>('listMembers', { ...ALL, offset: 10, limit: 5 });
    expect(page.members.map((m) => m.id)).toEqual(all.members.slice(10, 15).map((m) => m.id));
  });
});
