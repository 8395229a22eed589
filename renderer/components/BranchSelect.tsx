import type { Branch } from '../../shared/api';
import { Field } from './Field';

/** A choice of one of the CLP's branches (the value is its id, as text). */
export function BranchSelect({ label, branches, value, onChange }: { label: string; branches: readonly Branch[]; value: string; onChange: (id: string) => void }) {
  return (
    <Field label={label}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          {branches.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
