import { useState, type FormEvent } from 'react';
import type { TellerState } from '../../../shared/api';
import { useAppStore } from '../../app-store';
import { Field } from '../../components/Field';
import { useFormErrors } from '../../use-form-errors';
import { ApiErrorNote } from '../../components/ApiErrorNote';

export function ClpForm({ clp }: { clp: TellerState['clp'] }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const [name, setName] = useState(clp?.name ?? '');
  const [code, setCode] = useState(clp?.code ?? '');
  const [mpName, setMpName] = useState(clp?.mpName ?? '');
  const form = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await form.run(() => change('saveClp', { name, code: code.trim() === '' ? null : code, mpName }));
    if (ok) notify(clp ? 'CLP details saved.' : 'CLP created. Now add its branches and affiliates.');
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="clp-form" noValidate>
      <h2 id="clp-form">{clp ? 'The CLP' : 'Set up your CLP'}</h2>
      <div className="form-row">
        <Field label="Constituency Labour Party name" error={form.errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label="ONS code (optional)" error={form.errors.code} hint="e.g. E14001234">
          {(p) => <input {...p} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" className="short" />}
        </Field>
        <Field label="Sitting MP" error={form.errors.mpName}>
          {(p) => <input {...p} value={mpName} onChange={(e) => setMpName(e.target.value)} autoComplete="off" />}
        </Field>
      </div>
      <ApiErrorNote error={form.formError} />
      <button type="submit" className="primary">
        {clp ? 'Save CLP details' : 'Create CLP'}
      </button>
    </form>
  );
}
