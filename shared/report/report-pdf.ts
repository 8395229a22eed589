import { formatUkDate } from '../dates';
import { formatUkTimestamp } from '../time';
import { formatPercent, parseRatio } from '../rational';
import { describeRules, presetById } from '../rules';
import { fingerprint } from './fingerprint';
import { PdfWriter } from './pdf-writer';
import type { ReportEnvelope } from './report-schema';

const RESULT_WORDS: Record<string, string> = { selection: 'Selection', reselect: 'Reselect', tie: 'Tie', 'no-vote': 'No vote' };

/** The report for people: the same facts as the signed JSON, with the file's SHA-256 to tie them together. */
export async function reportPdf(env: ReportEnvelope, fileSha256: string, complaintsByStatus: Record<string, number>): Promise<Uint8Array> {
  const p = env.payload;
  const w = await PdfWriter.create(`${p.clp.name} trigger ballot report, revision ${p.revision}`);
  w.heading(`${p.clp.name}${p.clp.code ? ` (${p.clp.code})` : ''}: trigger ballot report`, 16);
  w.text(`Sitting MP: ${p.mp.name}. ${p.status === 'final' ? 'FINAL' : 'INTERIM'} report, revision ${p.revision}, issued ${formatUkTimestamp(p.issuedAt)}. Freeze date ${formatUkDate(p.freezeDate)}.`);
  const share = p.outcome.share ? parseRatio(p.outcome.share) : null;
  w.heading('Outcome');
  w.text(`${p.outcome.triggered ? 'A selection is TRIGGERED.' : 'A selection is NOT triggered.'}${share ? ` Combined selection share ${formatPercent(share)} (${p.outcome.share}).` : ''}`, { bold: true, size: 12 });
  w.text(
    `Branches: ${p.outcome.branches.selection} selection, ${p.outcome.branches.reselect} reselect, ${p.outcome.branches.tie} tie, ${p.outcome.branches.noVote} no vote. ` +
      `Affiliates: ${p.outcome.affiliates.selection} selection, ${p.outcome.affiliates.reselect} reselect, ${p.outcome.affiliates.tie} tie, ${p.outcome.affiliates.noVote} no vote.`,
  );
  w.heading('The rules');
  const preset = presetById(p.rules.id);
  w.text(`${preset ? preset.title : `Custom rule set "${p.rules.id}"`}.`);
  for (const line of describeRules(p.rules)) w.text(`• ${line}`, { indent: 8 });
  for (const d of preset?.doubts ?? []) w.text(`Doubt: ${d}`, { indent: 8 });
  w.heading('Branches');
  w.table(
    [
      ['Branch', 'Result', 'Meeting', 'Quorate', 'Present (eligible)', 'Selection / reselect / abstain / spoilt'],
      ...p.branches.map((b) => [
        b.name,
        RESULT_WORDS[b.result] ?? b.result,
        b.meeting ? formatUkDate(b.meeting.date) : 'no meeting',
        b.meeting ? (b.meeting.quorate ? 'yes' : 'no') : '—',
        b.meeting ? `${b.meeting.attendance} (${b.meeting.eligibleAttendance})` : '—',
        b.meeting ? `${b.meeting.votes.selection} / ${b.meeting.votes.reselect} / ${b.meeting.votes.abstain} / ${b.meeting.votes.spoilt}` : '—',
      ]),
    ],
    [130, 55, 75, 45, 80, 110],
  );
  w.heading('Affiliates');
  w.table([['Affiliate', 'Kind', 'Result'], ...p.affiliates.map((a) => [a.name, a.kind, RESULT_WORDS[a.result] ?? a.result])], [260, 120, 115]);
  w.heading('Complaints');
  w.text(`${p.complaints.total} in all, ${p.complaints.open} open.`);
  const categories = Object.entries(p.complaints.byCategory);
  if (categories.length) w.text(`By category: ${categories.map(([k, n]) => `${k} ${n}`).join(', ')}.`);
  const statuses = Object.entries(complaintsByStatus);
  if (statuses.length) w.text(`By status: ${statuses.map(([k, n]) => `${k} ${n}`).join(', ')}.`);
  w.heading('Membership register and the door');
  w.text(
    `${p.register.members} members on the list used${p.register.snapshotSha256 ? ` (file SHA-256 ${p.register.snapshotSha256})` : ''}. ` +
      `${p.register.checkedIn} checked in at branch meetings, ${p.register.refused} refused, ${p.register.overrides} on a chair's override.`,
  );
  w.heading('Checking this report');
  w.text(`Signed with key ${fingerprint(env.signature.keyId)} (Ed25519). Confirm this fingerprint with the CLP secretary by phone or in person.`);
  w.text(`SHA-256 of the JSON report file: ${fileSha256}`);
  w.text(`Audit trail head: ${p.auditHead}`);
  w.text(`Ballot ${p.ballotId}. The JSON file is the authoritative record; "teller verify" checks its signature and recomputes the outcome.`);
  return w.bytes();
}
