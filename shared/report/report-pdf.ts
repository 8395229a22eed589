import { formatUkDate } from '../dates';
import { formatUkTimestamp } from '../time';
import { formatPercent, parseRatio } from '../rational';
import { describeRules, presetById } from '../rules';
import { fingerprint } from './fingerprint';
import { PdfWriter, type Column } from './pdf-writer';
import { AFFILIATE_KIND_WORDS, COMPLAINT_CATEGORY_WORDS, COMPLAINT_STATUS_WORDS, RESULT_WORDS, STATUS_WORDS, words } from './report-words';
import type { ReportEnvelope } from './report-schema';

const BRANCH_COLUMNS: Column[] = [
  { width: 104 },
  { width: 62 },
  { width: 62 },
  { width: 48 },
  { width: 50, align: 'right' },
  { width: 48, align: 'right' },
  { width: 45, align: 'right' },
  { width: 42, align: 'right' },
  { width: 34, align: 'right' },
];

/** The report for people: the same facts as the signed JSON, every code in words, with the file's SHA-256 to tie them together. */
export async function reportPdf(env: ReportEnvelope, fileSha256: string, complaintsByStatus: Record<string, number>): Promise<Uint8Array> {
  const p = env.payload;
  const status = words(STATUS_WORDS, p.status);
  const issued = formatUkTimestamp(p.issuedAt);
  const w = await PdfWriter.create(`${p.clp.name} trigger ballot report, revision ${p.revision}`, JSON.stringify(p));
  w.setFooter(`${p.clp.name}: trigger ballot report, ${status.toLowerCase()}, revision ${p.revision}, issued ${issued}`);
  w.heading(`${p.clp.name}${p.clp.code ? ` (${p.clp.code})` : ''}: trigger ballot report`, 16);
  w.text(`${status.toUpperCase()} report, revision ${p.revision}. Issued ${issued}.`, { bold: true });
  w.text(`Sitting MP: ${p.mp.name}. Freeze date ${formatUkDate(p.freezeDate)}.`);

  const share = p.outcome.share ? parseRatio(p.outcome.share) : null;
  w.heading('Outcome');
  w.text(`${p.outcome.triggered ? 'A selection is TRIGGERED.' : 'A selection is NOT triggered.'}${share ? ` Combined selection share ${formatPercent(share)} (${p.outcome.share}).` : ''}`, { bold: true, size: 12 });
  const tally = (c: { selection: number; reselect: number; tie: number; noVote: number }) => `${c.selection} selection, ${c.reselect} reselect, ${c.tie} tie, ${c.noVote} no vote`;
  w.text(`Branches: ${tally(p.outcome.branches)}.`);
  w.text(`Affiliates: ${tally(p.outcome.affiliates)}.`);

  w.heading('The rules');
  const preset = presetById(p.rules.id);
  w.text(`${preset ? preset.title : `Custom rule set "${p.rules.id}"`}.`);
  for (const line of describeRules(p.rules)) w.text(`• ${line}`, { indent: 8 });
  for (const d of preset?.doubts ?? []) w.text(`Doubt: ${d}`, { indent: 8 });

  w.heading('Branches');
  w.table(
    [
      ['Branch', 'Result', 'Meeting', 'Quorate', 'Present (eligible)', 'Selection', 'Reselect', 'Abstain', 'Spoilt'],
      ...p.branches.map((b) => {
        const m = b.meeting;
        return [
          b.name,
          words(RESULT_WORDS, b.result),
          m ? formatUkDate(m.date) : 'No meeting record',
          m ? (m.quorate ? 'Yes' : 'No') : '—',
          m ? `${m.attendance} (${m.eligibleAttendance})` : '—',
          m ? String(m.votes.selection) : '—',
          m ? String(m.votes.reselect) : '—',
          m ? String(m.votes.abstain) : '—',
          m ? String(m.votes.spoilt) : '—',
        ];
      }),
    ],
    BRANCH_COLUMNS,
  );
  w.text('Present: people at the meeting, with those eligible to vote in brackets. Votes: selection, reselect, abstain and spoilt ballots as recorded.', { size: 8 });

  w.heading('Affiliates');
  w.table(
    [['Affiliate', 'Kind', 'Result'], ...p.affiliates.map((a) => [a.name, words(AFFILIATE_KIND_WORDS, a.kind), words(RESULT_WORDS, a.result)])],
    [{ width: 255 }, { width: 120 }, { width: 120 }],
  );

  w.heading('Complaints');
  w.text(`${p.complaints.total} in all, ${p.complaints.open} open.`);
  const categories = Object.entries(p.complaints.byCategory);
  if (categories.length) w.text(`By category: ${categories.map(([k, n]) => `${words(COMPLAINT_CATEGORY_WORDS, k)} ${n}`).join(', ')}.`);
  const statuses = Object.entries(complaintsByStatus);
  if (statuses.length) w.text(`By status: ${statuses.map(([k, n]) => `${words(COMPLAINT_STATUS_WORDS, k)} ${n}`).join(', ')}.`);

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
