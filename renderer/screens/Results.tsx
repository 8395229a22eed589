import { ballotStatus } from '../../shared/ballot-status';
import { OutcomeStatus } from '../components/OutcomeStatus';
import { useState, type FormEvent } from 'react';
import type { TellerState } from '../../shared/api';
import { formatUkDate, parseUkDate } from '../../shared/dates';
import { formatUkTimestamp } from '../../shared/time';
import type { UnitResult } from '../../shared/outcome';
import { useAppStore } from '../app-store';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { Field } from '../components/Field';
import { UkDateField } from '../components/UkDateField';
import { useApiTask } from '../use-api';
import { useFormErrors } from '../use-form-errors';

const CHOICES: { value: UnitResult | null; label: string }[] = [
  { value: 'selection', label: 'Selection' },
  { value: 'reselect', label: 'Reselect' },
  { value: 'tie', label: 'Tie' },
  { value: 'no-vote', label: 'No vote' },
  { value: null, label: 'Not reported' },
];

export function resultLabel(r: UnitResult | null): string {
  return CHOICES.find((c) => c.value === r)?.label ?? 'Not reported';
}

interface UnitRowProps {
  unit: 'branch' | 'affiliate';
  id: number;
  name: string;
  result: UnitResult | null;
  recordedAt: string | null;
  disabledReason?: string | null;
  note?: string | null;
  /** The branch's meeting, whose record alone gives its result: the row is then read-only. */
  fromMeeting?: { date: string; state: string } | null;
  /** Withdrawn on Set-up: kept and shown, read-only, left out of the outcome. */
  withdrawn?: { reason: string } | null;
}

function UnitRow({ unit, id, name, result, recordedAt, disabledReason, note, fromMeeting, withdrawn }: UnitRowProps) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const recordTask = useApiTask();
  // A choice set by hand waits for its reason before it is recorded.
  const [choice, setChoice] = useState<{ value: UnitResult | null } | null>(null);
  const [reason, setReason] = useState('');
  const shown = choice ? choice.value : result;
  const cancel = () => {
    setChoice(null);
    setReason('');
    recordTask.clearError();
  };
  const record = async (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    const next = choice.value;
    const why = reason;
    const done = await recordTask.run(async () => {
      await change('recordResult', { unit, id, result: next, reason: why });
      notify(`${name}: ${resultLabel(next)} recorded (was ${resultLabel(result)}).`, async () => {
        await change('recordResult', { unit, id, result, reason: `Undone: ${why.trim()}` });
      });
      return true;
    });
    if (done) cancel();
  };
  const group = `${unit}-${id}`;
  // An affiliate's result comes only from its decision as it arrived.
  const fromDecision = unit === 'affiliate' && !disabledReason && !withdrawn;
  return (
    <li className="unit-row">
      <fieldset disabled={Boolean(disabledReason) || Boolean(fromMeeting) || Boolean(withdrawn) || fromDecision}>
        <legend>
          <span className="unit-name">{name}</span>
          {recordedAt && result ? <span className="unit-note">recorded {formatUkTimestamp(recordedAt)}</span> : null}
          {disabledReason ? <span className="unit-note">not eligible: {disabledReason}</span> : null}
          {withdrawn ? <span className="unit-note">withdrawn: {withdrawn.reason} (left out of the outcome)</span> : null}
          {note ? <span className="unit-note">{note}</span> : null}
          {fromMeeting ? (
            <span className="unit-note">
              from the record of its meeting of {formatUkDate(fromMeeting.date)} ({fromMeeting.state === 'open' ? 'still open' : fromMeeting.state}): <a href="#/meetings">change it on Meetings</a>
            </span>
          ) : null}
        </legend>
        <div className="choices">
          {CHOICES.map((c) => (
            <label key={c.label} className={`choice${shown === c.value ? ' chosen' : ''} choice-${c.value ?? 'pending'}`}>
              <input type="radio" name={group} checked={shown === c.value} onChange={() => (c.value === result ? cancel() : setChoice({ value: c.value }))} />
              {c.label}
            </label>
          ))}
        </div>
      </fieldset>
      {fromDecision ? (
        <p className="unit-note">
          From its decision as it arrived:{' '}
          <button type="button" className="link" onClick={() => document.getElementById('decision-title')?.scrollIntoView()}>
            record or change it with the decision form
          </button>
        </p>
      ) : null}
      {choice ? (
        <form className="reason-row" onSubmit={(e) => void record(e)} noValidate>
          <Field label={`Why is ${name}'s result set to ${resultLabel(choice.value)} by hand?`} error={recordTask.error?.info.field === 'reason' ? recordTask.error.message : undefined}>
            {(p) => <input {...p} value={reason} autoFocus maxLength={1000} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <button type="submit" className="primary">
            Record
          </button>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </form>
      ) : null}
      <ApiErrorNote error={recordTask.error} fields={['reason']} />
    </li>
  );
}

/** Where the outcome stands, above the results that make it. */
function OutcomeSummary({ state }: { state: TellerState }) {
  const status = ballotStatus(state);
  if (!status) return null;
  return (
    <section className={`panel outcome-summary ${status.certain === null ? 'undecided' : status.certain}`} aria-labelledby="results-outcome">
      <OutcomeStatus status={status} as="h2" id="results-outcome" />
    </section>
  );
}

export function Results({ state }: { state: TellerState }) {
  if (!state.ballot) {
    return (
      <section className="panel">
        <h2>No trigger ballot yet</h2>
        <p>
          Results are recorded against a ballot. Set it up on the <a href="#/setup">Set-up</a> page first.
        </p>
      </section>
    );
  }
  return (
    <div className="results">
      <OutcomeSummary state={state} />
      <p className="lead">Record each branch's result as it arrives, with why it is set by hand (a branch with a meeting gets its result from the meeting's record). An affiliate's result comes from its decision, recorded below. Use the arrow keys to move between choices; every change is kept in the audit trail and can be undone.</p>
      <section className="panel" aria-labelledby="branch-results">
        <h2 id="branch-results">Branches</h2>
        {state.branches.length === 0 ? <p>No branches yet. Add them on the Set-up page.</p> : null}
        <ul className="unit-list">
          {state.branches.map((b) => (
            <UnitRow key={b.id} unit="branch" id={b.id} name={b.name} result={b.result} recordedAt={b.resultRecordedAt} fromMeeting={b.meeting} withdrawn={b.withdrawn} />
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="affiliate-results">
        <h2 id="affiliate-results">Affiliates</h2>
        {state.affiliates.length === 0 ? <p>No affiliates yet. Add them on the Set-up page.</p> : null}
        <ul className="unit-list">
          {state.affiliates.map((a) => (
            <UnitRow
              key={a.id}
              unit="affiliate"
              id={a.id}
              name={a.name}
              result={a.eligible ? a.result : null}
              recordedAt={a.resultRecordedAt}
              disabledReason={a.eligible ? null : a.ineligibleReason}
              withdrawn={a.withdrawn}
              note={
                a.decision
                  ? `received ${formatUkDate(a.decision.receivedOn)} by ${a.decision.method}, signed by ${a.decision.signedBy}${
                      a.decision.late
                        ? ` — LATE: after the closing date ${formatUkDate(state.ballot?.closesOn ?? '')}; ${state.ballot?.settings.lateDecisions === 'exclude' ? 'left out (counts as no vote)' : 'counted'}`
                        : ''
                    }`
                  : null
              }
            />
          ))}
        </ul>
      </section>
      <AffiliateDecisionForm state={state} />
    </div>
  );
}

/** An affiliate's decision as it arrived: with the date, how it came, and who signed it. */
function AffiliateDecisionForm({ state }: { state: TellerState }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const eligible = state.affiliates.filter((a) => a.eligible && !a.withdrawn);
  const [v, setV] = useState({ affiliateId: String(eligible[0]?.id ?? ''), result: 'selection' as UnitResult, receivedOn: '', method: 'form' as 'form' | 'letter' | 'email', signedBy: '', reason: '' });
  const chosen = eligible.find((a) => a.id === Number(v.affiliateId));
  /** A decision already recorded is changed only with a reason. */
  const changing = chosen !== undefined && (chosen.decision !== null || chosen.result !== null);
  const form = useFormErrors();
  const errors = form.errors;
  if (eligible.length === 0) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const receivedOn = parseUkDate(v.receivedOn);
    if (!receivedOn) return form.setErrors({ receivedOn: v.receivedOn.trim() ? `"${v.receivedOn}" is not a date Teller can read: type it as DD/MM/YYYY.` : 'Enter the date the decision arrived.' });
    if (changing && v.reason.trim() === '') return form.setErrors({ reason: `${chosen.name}'s decision is already recorded: say why it is being changed. The reason is kept with both versions.` });
    await form.run(async () => {
      const next = await change('recordAffiliateDecision', { affiliateId: Number(v.affiliateId), result: v.result, receivedOn, method: v.method, signedBy: v.signedBy, ...(changing ? { reason: v.reason } : {}) });
      const a = next.affiliates.find((x) => x.id === Number(v.affiliateId));
      notify(`${a?.name ?? 'Affiliate'}: ${resultLabel(v.result)} recorded${a?.decision?.late ? ' — flagged as late' : ''}.`);
      setV({ ...v, signedBy: '', reason: '' });
    });
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="decision-title" noValidate>
      <h2 id="decision-title">Record an affiliate's decision as it arrived</h2>
      <div className="form-row">
        <Field label="Affiliate">
          {(p) => (
            <select {...p} value={v.affiliateId} onChange={(e) => setV({ ...v, affiliateId: e.target.value })}>
              {eligible.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Decision">
          {(p) => (
            <select {...p} value={v.result} onChange={(e) => setV({ ...v, result: e.target.value as UnitResult })}>
              {CHOICES.filter((c) => c.value !== null).map((c) => (
                <option key={c.label} value={c.value ?? ''}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-row">
        <UkDateField label="Received" value={v.receivedOn} onChange={(receivedOn) => setV({ ...v, receivedOn })} error={errors.receivedOn} />
        <Field label="How it arrived">
          {(p) => (
            <select {...p} value={v.method} onChange={(e) => setV({ ...v, method: e.target.value as 'form' | 'letter' | 'email' })}>
              <option value="form">Form</option>
              <option value="letter">Letter</option>
              <option value="email">Email</option>
            </select>
          )}
        </Field>
        <Field label="Signed by" error={errors.signedBy}>
          {(p) => <input {...p} value={v.signedBy} onChange={(e) => setV({ ...v, signedBy: e.target.value })} />}
        </Field>
      </div>
      {changing ? (
        <Field label="Why the recorded decision is changed" error={errors.reason} hint={`Recorded: ${resultLabel(chosen.result)}${chosen.decision ? `, received ${formatUkDate(chosen.decision.receivedOn)}` : ''}. The change and its reason go in the audit trail.`}>
          {(p) => <input {...p} value={v.reason} onChange={(e) => setV({ ...v, reason: e.target.value })} />}
        </Field>
      ) : null}
      <ApiErrorNote error={form.formError} />
      <button type="submit" className="primary">
        {changing ? 'Change the decision' : 'Record decision'}
      </button>
    </form>
  );
}
