import { formatUkDate } from '../dates';
import { formatUkTimestamp } from '../time';
import { formatPercent, parseRatio } from '../rational';
import { describeRules, presetById } from '../rules';
import { fingerprint } from './fingerprint';
import { PdfWriter, type Column } from './pdf-writer';
import { AFFILIATE_KIND_WORDS, COMPLAINT_CATEGORY_WORDS, COMPLAINT_STATUS_WORDS, STATUS_WORDS, plural, resultWords, words } from './report-words';
import type { ReportEnvelope } from './report-schema';

type Counts = ReportEnvelope['payload']['outcome']['branches'] & { pending?: number };
type V1 = ReportEnvelope['payload'];

/**
 * What the PDF reads from a report of version 1 or 2 (formats report-v1.md, report-v2.md): the
 * version 1 payload, with version 2's additions optional (pending and no-vote reasons, meeting
 * versions, affiliate eligibility and decisions, pending counts and `certain`, the history).
 */
interface ReportForPeople {
  readonly version: number;
  readonly payload: Omit<V1, 'branches' | 'affiliates' | 'outcome' | 'auditHead'> & {
    readonly branches: readonly (Omit<V1['branches'][number], 'result' | 'meeting'> & {
      readonly result: string;
      readonly noVoteReason?: string | null;
      readonly meeting: (NonNullable<V1['branches'][number]['meeting']> & { readonly versions?: number }) | null;
    })[];
    readonly affiliates: readonly (Omit<V1['affiliates'][number], 'result'> & {
      readonly result: string;
      readonly noVoteReason?: string | null;
      readonly eligible?: boolean;
      readonly ineligibleReason?: string | null;
      readonly decision?: { readonly receivedOn: string; readonly late: boolean } | null;
    })[];
    readonly outcome: { readonly triggered: boolean; readonly certain?: boolean; readonly branches: Counts; readonly affiliates: Counts; readonly share: string | null };
    readonly auditHead?: string;
    readonly history?: { readonly entries: number; readonly head: string; readonly links: readonly string[] };
  };
  readonly signature: { readonly keyId: string };
}

const BRANCH_COLUMNS: Column[] = [
  { width: 100 },
  { width: 77 },
  { width: 62 },
  { width: 44 },
  { width: 46, align: 'right' },
  { width: 48, align: 'right' },
  { width: 45, align: 'right' },
  { width: 41, align: 'right' },
  { width: 32, align: 'right' },
];

/** The report for people: the same facts as the signed JSON, every code in words, with the file's SHA-256 to tie them together. */
export async function reportPdf(env: ReportForPeople, fileSha256: string, complaintsByStatus: Record<string, number>): Promise<Uint8Array> {
  const p = env.payload;
  const status = words(STATUS_WORDS, p.status);
  const issued = formatUkTimestamp(p.issuedAt);
  const w = await PdfWriter.create(`${p.clp.name} trigger ballot report, revision ${p.revision}`, JSON.stringify(p));
  w.setFooter(`${p.clp.name}: trigger ballot report, ${status.toLowerCase()}, revision ${p.revision}, issued ${issued}`);
  w.heading(`${p.clp.name}${p.clp.code ? ` (${p.clp.code})` : ''}: trigger ballot report`, 16);
  w.text(`${status.toUpperCase()} report, revision ${p.revision}. Issued ${issued}.`, { bold: true });
  w.text(`Sitting MP: ${p.mp.name}. Freeze date ${formatUkDate(p.freezeDate)}.`);

  const share = p.outcome.share ? parseRatio(p.outcome.share) : null;
  const undecided = p.outcome.certain === false;
  w.heading('Outcome');
  const verdict = p.outcome.triggered ? (undecided ? 'A selection is TRIGGERED so far.' : 'A selection is TRIGGERED.') : undecided ? 'A selection is NOT triggered so far.' : 'A selection is NOT triggered.';
  w.text(`${verdict}${share ? ` Combined selection share ${formatPercent(share)} (${p.outcome.share}).` : ''}`, { bold: true, size: 12 });
  if (undecided) w.text('Not decided yet: the units still pending could change the outcome.', { bold: true });
  else if (p.outcome.certain === true && (p.outcome.branches.pending ?? 0) + (p.outcome.affiliates.pending ?? 0) > 0) w.text('Decided: whatever the pending units report, the outcome stays the same.', { bold: true });
  const tally = (c: Counts) => `${c.selection} selection, ${c.reselect} reselect, ${c.tie} tie, ${c.noVote} no vote${c.pending !== undefined ? `, ${c.pending} pending` : ''}`;
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
          resultWords(b.result, b.noVoteReason),
          m ? `${formatUkDate(m.date)}${m.versions !== undefined && m.versions > 1 ? `\nCorrected after closing (${plural(m.versions, 'version')})` : ''}` : 'No record',
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
  w.text('Meeting: the date of the meeting recorded in Teller, or "No record" when the branch\'s result was reported without one. Present: people at the meeting, with those eligible to vote in brackets.', { size: 8 });

  w.heading('Affiliates');
  const v2 = env.version >= 2;
  w.table(
    [
      ['Affiliate', 'Kind', 'Result', ...(v2 ? ['Decision'] : [])],
      ...p.affiliates.map((a) => [
        a.name,
        words(AFFILIATE_KIND_WORDS, a.kind),
        `${resultWords(a.result, a.noVoteReason)}${a.eligible === false && a.ineligibleReason ? `: ${a.ineligibleReason}` : ''}`,
        ...(v2 ? [a.decision ? `Decision received ${formatUkDate(a.decision.receivedOn)}${a.decision.late ? ' (late)' : ''}` : 'No decision received'] : []),
      ]),
    ],
    v2 ? [{ width: 145 }, { width: 90 }, { width: 120 }, { width: 140 }] : [{ width: 255 }, { width: 120 }, { width: 120 }],
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
  if (p.history) w.text(`Audit trail: ${plural(p.history.entries, 'entry', 'entries')}, head ${p.history.head}. A later revision's trail must begin with this one's.`);
  else if (p.auditHead) w.text(`Audit trail head: ${p.auditHead}`);
  w.text(`Ballot ${p.ballotId}. The JSON file is the authoritative record; "teller verify" checks its signature and recomputes the outcome.`);
  return w.bytes();
}
