import { useState, type FormEvent } from 'react';
import type { TellerState } from '../../../shared/api';
import { formatUkDate } from '../../../shared/dates';
import { formatUkTimestamp } from '../../../shared/time';
import { useAppStore } from '../../app-store';
import { Field } from '../../components/Field';
import { useFormErrors } from '../../use-form-errors';

export function PurgeForm({ state }: { state: TellerState }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const [typed, setTyped] = useState('');
  const form = useFormErrors();
  if (!state.clp) return null;
  const purge = state.purge;
  if (purge?.complete) {
    return (
      <section className="panel" aria-labelledby="purge-title">
        <h2 id="purge-title">Personal data deleted</h2>
        <p>
          Personal data was deleted from this store on {formatUkTimestamp(purge.at)}, everywhere Teller kept it: the store, its backups and files waiting to be imported.
          Counts, results, reports and the audit trail are kept.
        </p>
        <ul className="purge-deleted">
          {purge.deleted
            .filter((d) => d.count > 0)
            .map((d) => (
              <li key={d.what}>
                {d.what}: {d.count.toLocaleString('en-GB')}
              </li>
            ))}
        </ul>
        <p className="muted">A store is purged once. For a new ballot, start a new store.</p>
      </section>
    );
  }
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
      {purge ? (
        <p>
          An earlier version of Teller deleted the lists on {formatUkTimestamp(purge.at)}, but left copies in backups and some notes behind. Delete personal data again to erase
          them.
        </p>
      ) : null}
      <p>
        Once the ballot has closed{state.ballot ? ` (${formatUkDate(state.ballot.closesOn)})` : ''}, delete the membership lists, the electoral register, every name and note recorded at the door,
        complainants' details, meeting notes, signatories and imported file names, with every backup made before now and any file waiting to be imported. Counts, results, reports and
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
