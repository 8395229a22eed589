import { useState, type FormEvent } from 'react';
import type { Ballot } from '../../../shared/api';
import { statusWords } from '../../../shared/lists/eligibility';
import type { MemberStatus } from '../../../shared/lists/member-rows';
import { useAppStore } from '../../app-store';
import { Field } from '../../components/Field';
import { useFormErrors } from '../../use-form-errors';
import { ApiErrorNote } from '../../components/ApiErrorNote';

const STATUSES: MemberStatus[] = ['good-standing', 'arrears', 'lapsed', 'suspended', 'resigned', 'expelled'];

export function EligibilityForm({ ballot }: { ballot: Ballot }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const [minMonths, setMinMonths] = useState(String(ballot.eligibility.minMonths));
  const [goodStanding, setGoodStanding] = useState<MemberStatus[]>(ballot.eligibility.goodStanding);
  const [branchMustMatch, setBranchMustMatch] = useState(ballot.eligibility.branchMustMatch);
  const [registerRequired, setRegisterRequired] = useState(ballot.eligibility.registerRequired);
  const [unknownStatus, setUnknownStatus] = useState(ballot.eligibility.unknownStatus);
  const [arrearsSettledAtDoor, setArrearsSettledAtDoor] = useState(ballot.eligibility.arrearsSettledAtDoor);
  const [residentNotRegistrable, setResidentNotRegistrable] = useState(ballot.eligibility.residentNotRegistrable);
  const form = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const months = Number(minMonths);
    if (minMonths.trim() === '' || !Number.isInteger(months)) {
      form.setErrors({ minMonths: 'The minimum membership must be a whole number of months.' });
      return;
    }
    if (await form.run(() => change('saveEligibility', { minMonths: months, goodStanding, branchMustMatch, registerRequired, unknownStatus, arrearsSettledAtDoor, residentNotRegistrable }))) notify('Eligibility settings saved.');
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="eligibility-title" noValidate>
      <h2 id="eligibility-title">Who may vote</h2>
      <Field label="Minimum continuous membership on the freeze date (months)" error={form.errors.minMonths}>
        {(p) => <input {...p} className="short" inputMode="numeric" value={minMonths} onChange={(e) => setMinMonths(e.target.value)} />}
      </Field>
      <fieldset className="checks">
        <legend>Statuses that count as good standing</legend>
        {STATUSES.map((s) => (
          <label key={s}>
            <input
              type="checkbox"
              checked={goodStanding.includes(s)}
              onChange={(e) => setGoodStanding(e.target.checked ? [...goodStanding, s] : goodStanding.filter((x) => x !== s))}
            />{' '}
            {s === 'good-standing' ? 'active (in good standing)' : statusWords(s)}
          </label>
        ))}
        <ApiErrorNote error={form.errors.goodStanding} />
      </fieldset>
      <fieldset className="checks">
        <legend>A blank or unknown status on the list</legend>
        <label>
          <input type="radio" name="unknown-status" checked={unknownStatus === 'good-standing'} onChange={() => setUnknownStatus('good-standing')} /> Treat as good standing
        </label>
        <label>
          <input type="radio" name="unknown-status" checked={unknownStatus === 'not-good-standing'} onChange={() => setUnknownStatus('not-good-standing')} /> Treat as not in good standing
        </label>
        <label>
          <input type="radio" name="unknown-status" checked={unknownStatus === 'ask'} onChange={() => setUnknownStatus('ask')} /> Ask at the door (the desk records the answer)
        </label>
      </fieldset>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={arrearsSettledAtDoor} onChange={(e) => setArrearsSettledAtDoor(e.target.checked)} /> A member in arrears may settle them at the door and vote
          (recorded at the desk)
        </label>
      </div>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={branchMustMatch} onChange={(e) => setBranchMustMatch(e.target.checked)} /> Members may vote only at their own branch's meeting
        </label>
      </div>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={registerRequired} onChange={(e) => setRegisterRequired(e.target.checked)} /> Members must be on the electoral register at their address
        </label>
      </div>
      {registerRequired ? (
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={residentNotRegistrable} onChange={(e) => setResidentNotRegistrable(e.target.checked)} /> Except members who cannot be registered to vote but
            live in the area (model branch rules; recorded at the desk)
          </label>
        </div>
      ) : null}
      <ApiErrorNote error={form.formError} />
      <button type="submit" className="primary">
        Save who may vote
      </button>
    </form>
  );
}
