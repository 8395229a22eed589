import { useState, type FormEvent } from 'react';
import type { Affiliate, AffiliateKind } from '../../../shared/api';
import { useAppStore } from '../../app-store';
import { Field } from '../../components/Field';
import { useFormErrors } from '../../use-form-errors';
import { resultLabel } from '../Results';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { UnitRemoval } from '../../components/UnitRemoval';

const KIND_LABEL: Record<AffiliateKind, string> = {
  'trade-union': 'Trade-union branch',
  'socialist-society': 'Socialist society',
  'co-operative': 'Co-operative Party',
  other: 'Other',
};

interface AffiliateFormProps {
  initial?: Affiliate;
  submitLabel: string;
  onSaved: (name: string) => void;
  onCancel?: () => void;
}

function AffiliateForm({ initial, submitLabel, onSaved, onCancel }: AffiliateFormProps) {
  const change = useAppStore((s) => s.change);
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<AffiliateKind>(initial?.kind ?? 'trade-union');
  const [eligible, setEligible] = useState(initial?.eligible ?? true);
  const [reason, setReason] = useState(initial?.ineligibleReason ?? '');
  const form = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const values = { name, kind, eligible, ineligibleReason: eligible ? null : reason };
    const ok = await form.run(() => (initial ? change('updateAffiliate', { id: initial.id, ...values }) : change('addAffiliate', values)));
    if (ok) {
      onSaved(name.trim());
      if (!initial) {
        setName('');
        setEligible(true);
        setReason('');
      }
    }
  };
  return (
    <form className="add-form affiliate-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={initial ? 'Name' : 'New affiliate name'} error={form.errors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
      </Field>
      <Field label="Kind" error={form.errors.kind}>
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as AffiliateKind)}>
            {Object.entries(KIND_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={eligible} onChange={(e) => setEligible(e.target.checked)} /> Eligible (affiliation fees paid by the cut-off date)
        </label>
      </div>
      {!eligible ? (
        <Field label="Why not eligible" error={form.errors.ineligibleReason}>
          {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />}
        </Field>
      ) : null}
      <ApiErrorNote error={form.formError} />
      <button type="submit" className={initial ? 'primary' : undefined}>
        {submitLabel}
      </button>
      {onCancel ? (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </form>
  );
}

export function AffiliatesEditor({ affiliates }: { affiliates: Affiliate[] }) {
  const notify = useAppStore((s) => s.notify);
  const [editing, setEditing] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<Affiliate | null>(null);
  return (
    <section className="panel" aria-labelledby="affiliates-editor">
      <h2 id="affiliates-editor">Affiliates ({affiliates.length})</h2>
      <ul className="items">
        {affiliates.map((a) =>
          editing === a.id ? (
            <li key={a.id} className="item editing">
              <AffiliateForm
                initial={a}
                submitLabel="Save"
                onSaved={(n) => {
                  setEditing(null);
                  notify(`Affiliate ${n} saved.`);
                }}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={a.id} className="item">
              <span className="item-name">{a.name}</span>
              <span className="muted">
                {KIND_LABEL[a.kind]}
                {a.eligible ? ` · ${resultLabel(a.result)}` : ` · not eligible: ${a.ineligibleReason ?? ''}`}
                {a.withdrawn ? ` · withdrawn: ${a.withdrawn.reason}` : ''}
              </span>
              <span className="item-actions">
                {a.withdrawn ? null : (
                  <button type="button" onClick={() => setEditing(a.id)} aria-label={`Edit ${a.name}`}>
                    Edit
                  </button>
                )}
                {a.withdrawn ? null : a.hasDecisions ? (
                  <button type="button" className="danger" onClick={() => setDeleting(a)} aria-label={`Withdraw ${a.name}`}>
                    Withdraw…
                  </button>
                ) : (
                  <button type="button" className="danger" onClick={() => setDeleting(a)} aria-label={`Delete ${a.name}`}>
                    Delete
                  </button>
                )}
              </span>
            </li>
          ),
        )}
      </ul>
      <AffiliateForm submitLabel="Add affiliate" onSaved={(n) => notify(`Affiliate ${n} added.`)} />
      {deleting ? <UnitRemoval unit={deleting} kind="affiliate" onClose={() => setDeleting(null)} /> : null}
    </section>
  );
}
