import { useState } from 'react';
import type { TellerState } from '../../shared/api';
import { formatUkTimestamp } from '../../shared/dates';
import type { UnitResult } from '../../shared/outcome';
import { ApiError } from '../api-client';
import { useAppStore } from '../app-store';

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
}

function UnitRow({ unit, id, name, result, recordedAt, disabledReason }: UnitRowProps) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const [error, setError] = useState<string | null>(null);
  // The choice shows at once; it is undone if the store refuses it.
  const [recording, setRecording] = useState<{ value: UnitResult | null } | null>(null);
  const shown = recording ? recording.value : result;
  const record = async (next: UnitResult | null) => {
    if (next === shown) return;
    setError(null);
    setRecording({ value: next });
    try {
      await change('recordResult', { unit, id, result: next });
      notify(`${name}: ${resultLabel(next)} recorded (was ${resultLabel(result)}).`, async () => {
        await change('recordResult', { unit, id, result });
      });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setRecording(null);
    }
  };
  const group = `${unit}-${id}`;
  return (
    <li className="unit-row">
      <fieldset disabled={Boolean(disabledReason)}>
        <legend>
          <span className="unit-name">{name}</span>
          {recordedAt && result ? <span className="unit-note">recorded {formatUkTimestamp(recordedAt)}</span> : null}
          {disabledReason ? <span className="unit-note">not eligible: {disabledReason}</span> : null}
        </legend>
        <div className="choices">
          {CHOICES.map((c) => (
            <label key={c.label} className={`choice${shown === c.value ? ' chosen' : ''} choice-${c.value ?? 'pending'}`}>
              <input type="radio" name={group} checked={shown === c.value} onChange={() => void record(c.value)} />
              {c.label}
            </label>
          ))}
        </div>
      </fieldset>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
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
      <p className="lead">Record each unit's result as it arrives. Use the arrow keys to move between choices; every change is kept in the audit trail and can be undone.</p>
      <section className="panel" aria-labelledby="branch-results">
        <h2 id="branch-results">Branches</h2>
        {state.branches.length === 0 ? <p>No branches yet. Add them on the Set-up page.</p> : null}
        <ul className="unit-list">
          {state.branches.map((b) => (
            <UnitRow key={b.id} unit="branch" id={b.id} name={b.name} result={b.result} recordedAt={b.resultRecordedAt} />
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
            />
          ))}
        </ul>
      </section>
    </div>
  );
}
