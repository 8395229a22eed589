import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../db/cli/teller';
import { TEST_PASSPHRASE } from '../../test-store';
import type { AuditVerdict, ExportedReportInfo, MeetingView, TellerState } from '../../../shared/api';
import { verifyReport } from '../../../db/signing/verify-report';
import { ballotStatus, statusHeadline, verdictSoFar } from '../../../shared/ballot-status';
import { EMPTY_RECORD, type MeetingRecord } from '../../../shared/meetings';
import { formatRatio } from '../../../shared/rational';
import { presetById } from '../../../shared/rules';
import { openService } from '../db/fixtures';

/*
 * Results real CLPs reported, replayed through the Api on a real store (names synthetic,
 * counts as reported). Each is what the rules as applied gave, which Teller must give too.
 */

type Svc = ReturnType<typeof openService>;
const labour2018 = presetById('labour-2018')!.rules;
const labour2021 = presetById('labour-2021')!.rules;

function clp(svc: Svc, branches: number, affiliates: number, rules = labour2021): TellerState {
  svc.ok('saveClp', { name: 'Synthetic Constituency', code: null, mpName: 'Sitting Member' });
  for (let i = 1; i <= branches; i++) svc.ok('addBranch', { name: `Ward ${i}` });
  for (let i = 1; i <= affiliates; i++) svc.ok('addAffiliate', { name: `Affiliate ${i}`, kind: 'trade-union', eligible: true, ineligibleReason: null });
  return svc.ok<TellerState>('saveBallot', { freezeDate: '2022-01-01', opensOn: '2022-02-01', closesOn: '2022-03-31', rules });
}

const decide = (svc: Svc, affiliateId: number, result: string, receivedOn = '2022-03-01') =>
  svc.ok<TellerState>('recordAffiliateDecision', { affiliateId, result, receivedOn, method: 'form', signedBy: 'Branch secretary' });

const record = (votes: MeetingRecord['votes'], r: Partial<MeetingRecord> = {}): MeetingRecord => ({
  ...EMPTY_RECORD,
  chair: 'Chair',
  attendanceSource: 'manual',
  attendance: votes.selection + votes.reselect + votes.abstain + votes.spoilt,
  eligibleAttendance: votes.selection + votes.reselect + votes.abstain + votes.spoilt,
  votes,
  ...r,
});

function noDifferences(svc: Svc) {
  const verdict = svc.ok<AuditVerdict>('verifyAudit', {});
  expect(verdict.differences).toEqual([]);
  expect(verdict.ok).toBe(true);
}

describe('Ilford South 2022: 23/40, triggered', () => {
  it('gives 57.5% under the 2021 college: every branch for selection, 3 of the 20 affiliates that voted, one abstaining', () => {
    const svc = openService();
    let state = clp(svc, 10, 21);
    for (const b of state.branches) svc.ok('recordResult', { unit: 'branch', id: b.id, result: 'selection', reason: 'As reported by the branch secretary' });
    state.affiliates.forEach((a, i) => {
      state = decide(svc, a.id, i < 3 ? 'selection' : i < 20 ? 'reselect' : 'no-vote');
    });
    const s = ballotStatus(svc.ok<TellerState>('getState'))!;
    expect(formatRatio(s.soFar.share!)).toBe('23/40');
    expect(s.soFar.triggered).toBe(true);
    expect(s.certain).toBe('triggered');
    expect(statusHeadline(s)).toBe('Selection triggered');
    expect(verdictSoFar(s)).toBe('Every unit has reported: selection triggered.');
    noDifferences(svc);
  });
});

describe('Liverpool West Derby 2022: not decided until an affiliate reports', () => {
  it('says "Not decided yet" with all 4 branches for selection and 0 of 8 affiliates, and the verdict so far underneath', () => {
    const svc = openService();
    const state = clp(svc, 4, 8);
    for (const b of state.branches) svc.ok('recordResult', { unit: 'branch', id: b.id, result: 'selection', reason: 'As reported by the branch secretary' });
    const s = ballotStatus(svc.ok<TellerState>('getState'))!;
    // Counting the 8 pending affiliates as no vote gives 100%: a verdict they can still change.
    expect(formatRatio(s.soFar.share!)).toBe('1/1');
    expect(s.soFar.triggered).toBe(true);
    expect(s.pending).toEqual({ branches: 0, affiliates: 8 });
    expect(s.certain).toBeNull();
    expect(statusHeadline(s)).toBe('Not decided yet');
    expect(verdictSoFar(s)).toBe('If nothing else came in: selection triggered. 8 units still to report could change this.');
  });

  it('`teller status` says "Not decided yet" too, with the verdict so far under it, and its JSON says it is not decided', async () => {
    const svc = openService();
    const state = clp(svc, 4, 8);
    for (const b of state.branches) svc.ok('recordResult', { unit: 'branch', id: b.id, result: 'selection', reason: 'As reported by the branch secretary' });
    svc.service.close();
    const passphrase = path.join(path.dirname(svc.storePath), 'passphrase.txt');
    fs.writeFileSync(passphrase, `${TEST_PASSPHRASE}\n`);
    const run = async (...extra: string[]) => {
      const lines: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
      try {
        expect(await main(['status', '--db', svc.storePath, '--passphrase-file', passphrase, ...extra])).toBe(0);
      } finally {
        log.mockRestore();
      }
      return lines.join('\n');
    };
    const text = await run();
    expect(text).toContain('Reported: 4/4 branches, 0/8 affiliates');
    expect(text).toContain('Outcome: Not decided yet');
    expect(text).toContain('So far: selection triggered (combined share 100%). If nothing else came in: selection triggered. 8 units still to report could change this.');
    expect(text).not.toMatch(/^So far: selection triggered \(combined share 100%\)$/m);
    const json = JSON.parse(await run('--json')) as { outcome: { headline: string; decided: boolean; certain: null; triggered: boolean } };
    expect(json.outcome).toMatchObject({ headline: 'Not decided yet', decided: false, certain: null, triggered: true });
  });

  it('stays undecided after an affiliate for reselection, and is decided by one for selection', () => {
    const svc = openService();
    const state = clp(svc, 4, 8);
    for (const b of state.branches) svc.ok('recordResult', { unit: 'branch', id: b.id, result: 'selection', reason: 'As reported by the branch secretary' });
    const [a1, a2] = state.affiliates;
    let s = ballotStatus(decide(svc, a1!.id, 'reselect'))!;
    expect(s.soFar.triggered).toBe(false); // 1/2 + 1/2·0 = 1/2, not more than half
    expect(statusHeadline(s)).toBe('Not decided yet');
    s = ballotStatus(decide(svc, a2!.id, 'selection'))!;
    // Even if the other 6 all want the MP reselected: 1/2 + 1/2·1/8 > 1/2.
    expect(s.certain).toBe('triggered');
    expect(statusHeadline(s)).toBe('Selection triggered');
  });
});

describe('Hull North 2019, Central ward: a 2–0 vote with no quorum counts', () => {
  it('records the branch for selection with no quorum, the default for a new ballot', () => {
    const svc = openService();
    const state = clp(svc, 1, 0, labour2018);
    expect(state.ballot?.quorum).toEqual({ kind: 'none' });
    const meeting = svc.ok<MeetingView>('scheduleMeeting', { branchId: state.branches[0]!.id, date: '2022-02-10' });
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record({ selection: 2, reselect: 0, abstain: 0, spoilt: 0 }) });
    const closed = svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id });
    expect(closed.versions[0]?.figures).toMatchObject({ quorumRequired: 0, quorate: true, result: 'selection', noVoteReason: null });
    const s = ballotStatus(svc.ok<TellerState>('getState'))!;
    expect(s.reported.branches.selection).toBe(1);
    expect(s.soFar.triggered).toBe(true);
    noDifferences(svc);
  });

  it('would have been no vote under a quorum of 5, which a ballot can still set', () => {
    const svc = openService();
    const state = clp(svc, 1, 0, labour2018);
    svc.ok('saveQuorum', { rule: { kind: 'number', value: 5 } });
    const meeting = svc.ok<MeetingView>('scheduleMeeting', { branchId: state.branches[0]!.id, date: '2022-02-10' });
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record({ selection: 2, reselect: 0, abstain: 0, spoilt: 0 }) });
    expect(svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id }).versions[0]?.figures).toMatchObject({ quorate: false, result: 'no-vote', noVoteReason: 'inquorate' });
    noDifferences(svc);
  });
});

describe('Poplar & Limehouse 2022: a 43–43 tie', () => {
  function tiedMeeting() {
    const svc = openService();
    const state = clp(svc, 1, 0);
    const meeting = svc.ok<MeetingView>('scheduleMeeting', { branchId: state.branches[0]!.id, date: '2022-02-10' });
    const tie = { selection: 43, reselect: 43, abstain: 0, spoilt: 0 };
    return { svc, meeting, tie, branchId: state.branches[0]!.id };
  }

  it('cannot close on the first tie: the vote must be taken again', () => {
    const { svc, meeting, tie } = tiedMeeting();
    const saved = svc.ok<MeetingView>('saveMeetingDraft', { meetingId: meeting.id, record: record(tie) });
    expect(saved.tieProcedure).toBe('retake');
    expect(saved.closing.problem).toBe('The vote was tied 43 to 43: take the vote again and record the retake (a second tie means the branch expresses no preference).');
    const r = svc.call('closeMeeting', { meetingId: meeting.id });
    expect(r.ok).toBe(false);
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id }).state).toBe('open');
  });

  it('records a second tie as no preference (no vote, tied after the retake), keeping both counts in the one record', () => {
    const { svc, meeting, tie, branchId } = tiedMeeting();
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record(tie, { retake: { ...tie } }) });
    const closed = svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id });
    expect(closed.versions).toHaveLength(1);
    expect(closed.versions[0]?.record?.votes).toEqual(tie);
    expect(closed.versions[0]?.record?.retake).toEqual(tie);
    expect(closed.versions[0]?.figures).toMatchObject({ result: 'no-vote', noVoteReason: 'tied-after-retake' });
    const state = svc.ok<TellerState>('getState');
    expect(state.branches.find((b) => b.id === branchId)?.result).toBe('no-vote');
    noDifferences(svc);
  });

  it('reports a second tie as no vote, "tied-after-retake", with the retaken votes, and the report verifies', () => {
    const { svc, meeting, tie } = tiedMeeting();
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record(tie, { attendance: 90, eligibleAttendance: 90, retake: { ...tie, abstain: 1 } }) });
    svc.ok('closeMeeting', { meetingId: meeting.id });
    svc.ok('unlockSigningKey', { passphrase: 'correct horse battery staple' });
    const r = svc.ok<ExportedReportInfo>('exportReport', { status: 'interim' });
    const branch = (JSON.parse(r.json) as { payload: { branches: { result: string; noVoteReason: string | null; meeting: { votes: unknown } }[] } }).payload.branches[0]!;
    expect(branch).toMatchObject({ result: 'no-vote', noVoteReason: 'tied-after-retake', meeting: { votes: { selection: 43, reselect: 43, abstain: 1, spoilt: 0 } } });
    expect(verifyReport(r.json).problems).toEqual([]);
  });

  it('takes the retake as the branch result when it is not tied', () => {
    const { svc, meeting, tie } = tiedMeeting();
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record(tie, { retake: { selection: 44, reselect: 42, abstain: 0, spoilt: 0 } }) });
    expect(svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id }).versions[0]?.figures).toMatchObject({ result: 'selection', noVoteReason: null });
    noDifferences(svc);
  });

  it('lets a ballot keep a first tie as a tie, counted as its rule set says', () => {
    const { svc, meeting, tie } = tiedMeeting();
    svc.ok('saveBallotSettings', { settings: { tieProcedure: 'rules', lateDecisions: 'count' } });
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record(tie) });
    expect(svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id }).versions[0]?.figures).toMatchObject({ result: 'tie', noVoteReason: null });
    noDifferences(svc);
  });
});

describe('late affiliate decisions', () => {
  it('are counted and marked by default, and left out when the ballot says so', () => {
    const svc = openService();
    const state = clp(svc, 1, 2);
    svc.ok('recordResult', { unit: 'branch', id: state.branches[0]!.id, result: 'reselect', reason: 'As reported by the branch secretary' });
    decide(svc, state.affiliates[0]!.id, 'selection', '2022-04-02');
    const after = decide(svc, state.affiliates[1]!.id, 'reselect', '2022-03-30');
    expect(after.affiliates.map((a) => a.decision?.late)).toEqual([true, false]);
    let s = ballotStatus(after)!;
    expect(s.late).toEqual({ affiliates: 1, counted: true });
    expect(s.reported.affiliates).toMatchObject({ selection: 1, reselect: 1, noVote: 0 });
    s = ballotStatus(svc.ok<TellerState>('saveBallotSettings', { settings: { tieProcedure: 'retake', lateDecisions: 'exclude' } }))!;
    expect(s.late).toEqual({ affiliates: 1, counted: false });
    expect(s.reported.affiliates).toMatchObject({ selection: 0, reselect: 1, noVote: 1 });
    noDifferences(svc);
  });

  it('left out, are no vote in the report (did not report in time) and still marked late, and the report verifies', () => {
    const svc = openService();
    const state = clp(svc, 1, 2);
    svc.ok('recordResult', { unit: 'branch', id: state.branches[0]!.id, result: 'reselect', reason: 'As reported by the branch secretary' });
    decide(svc, state.affiliates[0]!.id, 'selection', '2022-04-02');
    svc.ok('saveBallotSettings', { settings: { tieProcedure: 'retake', lateDecisions: 'exclude' } });
    svc.ok('unlockSigningKey', { passphrase: 'correct horse battery staple' });
    const r = svc.ok<ExportedReportInfo>('exportReport', { status: 'interim' });
    const affiliate = (JSON.parse(r.json) as { payload: { affiliates: unknown[] } }).payload.affiliates[0];
    expect(affiliate).toMatchObject({ result: 'no-vote', noVoteReason: 'did-not-report', decision: { receivedOn: '2022-04-02', late: true } });
    expect(verifyReport(r.json).problems).toEqual([]);
  });

  it('follow the closing date when the timetable changes, in the tables and in the rebuilt log alike', () => {
    const svc = openService();
    const state = clp(svc, 1, 1);
    decide(svc, state.affiliates[0]!.id, 'selection', '2022-04-02');
    const moved = svc.ok<TellerState>('saveBallot', { freezeDate: '2022-01-01', opensOn: '2022-02-01', closesOn: '2022-04-30', rules: labour2021, reason: 'Region extended the timetable' });
    expect(moved.affiliates[0]?.decision?.late).toBe(false);
    noDifferences(svc);
  });
});
