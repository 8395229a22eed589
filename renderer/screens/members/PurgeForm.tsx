import { useState, type FormEvent } from 'react';
import type { TellerState } from '../../../shared/api';
import { formatUkDate } from '../../../shared/dates';
import { useAppStore } from '../../app-store';
import { Field } from '../../components/Field';
import { useFormErrors } from '../../use-form-errors';

export function PurgeForm({ state }: { state: TellerState }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const [typed, setTyped] = useState('');
  const form = useFormErrors();
  if (!state.clp) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await form.run(() => change('purgePersonalData', { confirmName: typed }))) {
      setTyped('');
      notify('Personal data deleted. Counts, results and the audit trail are kept.');
    }
  };
  return (
    <form className="panel danger-zone" onSubmit={(e) => void submit(e)} aria-labelledby="purge-title" noValidate>
      <h2 id="purge-title">Delete personal data after the ballot</h2>
      <p>
        Once the ballot has closed{state.ballot ? ` (${formatUkDate(state.ballot.closesOn)})` : ''}, delete the membership lists and every name recorded at the door. Counts, results, reports and
        the audit trail are kept. This cannot be undone.
      </p>
      <Field label={`Type the CLP's name (${state.clp.name}) to confirm`} error={form.errors.confirmName ?? form.formError?.message}>
        {(p) => <input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />}
      </Field>
      <button type="submit" className="danger">
        Delete personal data
      </button>
    </form>
  );
}
