import { useState, type FormEvent } from 'react';
import { formatUkTimestamp } from '../../../shared/time';
import { call } from '../../api-client';
import { useAppStore } from '../../app-store';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { Field } from '../../components/Field';
import type { ScreenProps } from '../../route-link';
import { useApiQuery, useApiTask } from '../../use-api';
import { StorePanel } from '../Settings';
import './region.css';

function OfficeName({ name }: { name: string | null }) {
  const notify = useAppStore((s) => s.notify);
  const [text, setText] = useState(name ?? '');
  const saving = useApiTask();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const done = await saving.run(() => call('setRegionOffice', { name: text.trim() === '' ? null : text.trim() }));
    if (done) notify('Name saved.');
  };
  return (
    <form className="inline-form" onSubmit={(e) => void save(e)} noValidate>
      <Field label="The office's name (shown at the top and on the PDF summary)" error={saving.error?.message}>
        {(p) => <input {...p} value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. Wales regional office" />}
      </Field>
      <button type="submit">Save the name</button>
    </form>
  );
}

/** The regional office's settings: its name, where its store is, and backups. */
export function RegionSettings({ state }: ScreenProps) {
  const office = useApiQuery('getRegionOffice', {});
  return (
    <div className="region settings">
      <section className="panel" aria-labelledby="office-title">
        <h2 id="office-title">This regional office</h2>
        <ApiErrorNote error={office.error} />
        {office.data ? (
          <>
            <p>
              This store is a regional office{office.data.since ? ` (since ${formatUkTimestamp(office.data.since)})` : ''}: it keeps the keys you trust and the reports CLPs send
              you, and never shows a CLP secretary's screens. It holds {office.data.trustedKeys} trusted {office.data.trustedKeys === 1 ? 'key' : 'keys'} and{' '}
              {office.data.reportsAccepted} accepted {office.data.reportsAccepted === 1 ? 'report' : 'reports'}.
            </p>
            <OfficeName key={office.data.name ?? ''} name={office.data.name} />
          </>
        ) : null}
      </section>
      <StorePanel path={state.store.path} />
    </div>
  );
}
