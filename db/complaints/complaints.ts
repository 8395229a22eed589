import type { ApiParsedInput, Complaint } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { textDigest } from '../store/audit';
import type { ClpStore } from '../store/clp-store';
import { formatUkDate } from '../../shared/dates';

interface ComplaintRow {
  id: number;
  received_on: string;
  complainant: string | null;
  contact: string | null;
  about: string;
  meeting_id: number | null;
  category: Complaint['category'];
  summary: string;
  status: Complaint['status'];
  outcome: string | null;
  outcome_on: string | null;
}

function toComplaint(r: ComplaintRow): Complaint {
  return {
    id: r.id,
    reference: complaintReference(r.id),
    receivedOn: r.received_on,
    complainant: r.complainant,
    contact: r.contact,
    about: r.about,
    meetingId: r.meeting_id,
    category: r.category,
    summary: r.summary,
    status: r.status,
    outcome: r.outcome,
    outcomeOn: r.outcome_on,
  };
}

/** A complaint's reference, "C-0007": from its id, which SQLite never gives again, so it never changes. */
export function complaintReference(id: number): string {
  return `C-${String(id).padStart(4, '0')}`;
}

/** Refuses a date after today (in the UK): nothing has been received or decided in the future. */
function refuseFuture(date: string | null, today: string, what: string, field: string): void {
  if (date !== null && date > today) throw new TellerError('invalid-input', `${what} ${formatUkDate(date)} is in the future: give the date it happened, today (${formatUkDate(today)}) at the latest.`, field);
}

function meetingMustExist(store: ClpStore, meetingId: number | null): void {
  if (meetingId !== null && !store.db.prepare('SELECT 1 FROM meeting WHERE id = ?').get(meetingId)) throw new TellerError('not-found', 'That meeting no longer exists.');
}

export function listComplaints(store: ClpStore, status: Complaint['status'] | null, category: Complaint['category'] | null): Complaint[] {
  const rows = store.db
    .prepare('SELECT * FROM complaint WHERE (? IS NULL OR status = ?) AND (? IS NULL OR category = ?) ORDER BY received_on DESC, id DESC')
    .all(status, status, category, category) as ComplaintRow[];
  return rows.map(toComplaint);
}

export function complaintsAbout(store: ClpStore, meetingId: number): Complaint[] {
  return (store.db.prepare('SELECT * FROM complaint WHERE meeting_id = ? ORDER BY received_on DESC').all(meetingId) as ComplaintRow[]).map(toComplaint);
}

export function complaintCounts(store: ClpStore): { total: number; byStatus: Record<string, number>; byCategory: Record<string, number> } {
  const byStatus: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  let total = 0;
  for (const r of store.db.prepare('SELECT status, category, COUNT(*) AS n FROM complaint GROUP BY status, category').all() as { status: string; category: string; n: number }[]) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
    byCategory[r.category] = (byCategory[r.category] ?? 0) + r.n;
    total += r.n;
  }
  return { total, byStatus, byCategory };
}

/** Logs a complaint. The audit entry keeps what it is about, never who made it. */
export function logComplaint(store: ClpStore, input: ApiParsedInput<'logComplaint'>, today: string): Complaint {
  refuseFuture(input.receivedOn, today, 'The date received,', 'receivedOn');
  meetingMustExist(store, input.meetingId);
  let id = 0;
  store.change('complaint.log', 'complaint', () => {
    id = Number(
      store.db
        .prepare("INSERT INTO complaint (received_on, complainant, contact, about, meeting_id, category, summary, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'open')")
        .run(input.receivedOn, input.complainant || null, input.contact || null, input.about, input.meetingId, input.category, input.summary).lastInsertRowid,
    );
    return { entityId: String(id), before: null, after: { receivedOn: input.receivedOn, about: input.about, meetingId: input.meetingId, category: input.category, status: 'open', summary: textDigest(input.summary) } };
  });
  return toComplaint(store.db.prepare('SELECT * FROM complaint WHERE id = ?').get(id) as ComplaintRow);
}

/**
 * Corrects what was logged. The audit entry keeps what changed (free text only as its digest)
 * and the reason's digest; the status stays as it was.
 */
export function editComplaint(store: ClpStore, input: ApiParsedInput<'editComplaint'>, today: string): Complaint {
  const before = store.db.prepare('SELECT * FROM complaint WHERE id = ?').get(input.id) as ComplaintRow | undefined;
  if (!before) throw new TellerError('not-found', 'That complaint no longer exists.');
  refuseFuture(input.receivedOn, today, 'The date received,', 'receivedOn');
  meetingMustExist(store, input.meetingId);
  const complainant = input.complainant || null;
  const contact = input.contact || null;
  const unchanged =
    before.received_on === input.receivedOn &&
    before.complainant === complainant &&
    before.contact === contact &&
    before.about === input.about &&
    before.meeting_id === input.meetingId &&
    before.category === input.category &&
    before.summary === input.summary;
  if (unchanged) throw new TellerError('invalid-input', 'Nothing was changed: edit the complaint before saving it.');
  const facts = (r: { receivedOn: string; complainant: string | null; contact: string | null; about: string; meetingId: number | null; category: string; summary: string }) => ({
    receivedOn: r.receivedOn,
    about: r.about,
    meetingId: r.meetingId,
    category: r.category,
    complainant: textDigest(r.complainant),
    contact: textDigest(r.contact),
    summary: textDigest(r.summary),
  });
  store.change('complaint.edit', 'complaint', () => {
    store.db
      .prepare('UPDATE complaint SET received_on = ?, complainant = ?, contact = ?, about = ?, meeting_id = ?, category = ?, summary = ? WHERE id = ?')
      .run(input.receivedOn, complainant, contact, input.about, input.meetingId, input.category, input.summary, input.id);
    return {
      entityId: String(input.id),
      before: facts({ receivedOn: before.received_on, complainant: before.complainant, contact: before.contact, about: before.about, meetingId: before.meeting_id, category: before.category, summary: before.summary }),
      after: { ...facts({ ...input, complainant, contact }), status: before.status, reason: textDigest(input.reason) },
    };
  });
  return toComplaint(store.db.prepare('SELECT * FROM complaint WHERE id = ?').get(input.id) as ComplaintRow);
}

export function updateComplaint(store: ClpStore, input: ApiParsedInput<'updateComplaint'>, today: string): Complaint {
  const before = store.db.prepare('SELECT * FROM complaint WHERE id = ?').get(input.id) as ComplaintRow | undefined;
  if (!before) throw new TellerError('not-found', 'That complaint no longer exists.');
  refuseFuture(input.outcomeOn, today, 'The date of the outcome,', 'outcomeOn');
  if (input.outcomeOn !== null && input.outcomeOn < before.received_on) {
    throw new TellerError('invalid-input', `The date of the outcome, ${formatUkDate(input.outcomeOn)}, is before the complaint was received (${formatUkDate(before.received_on)}).`, 'outcomeOn');
  }
  if ((input.status === 'resolved' || input.status === 'dismissed') && (input.outcome === '' || input.outcomeOn === null)) {
    throw new TellerError('invalid-input', 'Record the outcome and its date when a complaint is resolved or dismissed.', 'outcome');
  }
  store.change('complaint.update', 'complaint', () => {
    store.db.prepare('UPDATE complaint SET status = ?, outcome = ?, outcome_on = ? WHERE id = ?').run(input.status, input.outcome || null, input.outcomeOn, input.id);
    return { entityId: String(input.id), before: { status: before.status, outcomeOn: before.outcome_on }, after: { status: input.status, outcomeOn: input.outcomeOn, outcome: textDigest(input.outcome || null) } };
  });
  return toComplaint(store.db.prepare('SELECT * FROM complaint WHERE id = ?').get(input.id) as ComplaintRow);
}
