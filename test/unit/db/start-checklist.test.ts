import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StartChecklist, TellerState } from '../../../shared/api';
import { syntheticMembers, syntheticMembershipCsv } from '../../../db/members/synthetic-members';
import { labour2021, openService, previewOf, tempDir } from './fixtures';

describe('the getting-started checklist', () => {
  it('ticks each step off from the store as it stands, and only then', () => {
    const svc = openService();
    const steps = () => svc.ok<StartChecklist>('getStartChecklist');
    const none = { clp: false, branches: false, affiliates: false, ballot: false, membersList: false, whoMayVote: false, signingKey: false };
    expect(steps()).toEqual(none);

    svc.ok('saveClp', { name: 'Ashbrook and Larkhill', code: null, mpName: 'Imogen Carrow' });
    expect(steps()).toEqual({ ...none, clp: true });
    svc.ok('addBranch', { name: 'Ashbrook West' });
    svc.ok('addBranch', { name: 'Fernley South' });
    expect(steps()).toMatchObject({ branches: true, affiliates: false });
    svc.ok('addAffiliate', { name: 'Health Service Staff Union, Ashbrook', kind: 'trade-union', eligible: true, ineligibleReason: null });
    expect(steps()).toMatchObject({ affiliates: true, ballot: false });
    svc.ok('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: labour2021 });
    expect(steps()).toMatchObject({ ballot: true, membersList: false, whoMayVote: false });

    const file = path.join(tempDir(), 'members.csv');
    fs.writeFileSync(file, syntheticMembershipCsv(syntheticMembers(50, ['Ashbrook West', 'Fernley South'], 3)));
    const fileId = svc.service.staged.add(file);
    svc.ok('startImport', { kind: 'members', fileId, mapping: previewOf(svc, { kind: 'members', fileId }).mapping });
    expect(steps()).toMatchObject({ membersList: true, whoMayVote: false });

    // Who may vote is done when the settings are saved, even unchanged: the secretary has looked at them.
    svc.ok('saveEligibility', svc.ok<TellerState>('getState').ballot!.eligibility);
    expect(steps()).toMatchObject({ whoMayVote: true, signingKey: false });

    svc.ok('unlockSigningKey', { passphrase: 'correct horse battery staple' });
    expect(steps()).toEqual({ clp: true, branches: true, affiliates: true, ballot: true, membersList: true, whoMayVote: true, signingKey: true });
  });
});
