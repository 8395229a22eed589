import { formatUkDate, parseUkDate } from '../../shared/dates';
import { Field } from './Field';

/** A date typed the UK way (DD/MM/YYYY) whatever the browser's language, read back in words beneath. */
export function UkDateField({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const iso = parseUkDate(value);
  return (
    <Field label={label} error={error} hint={iso ? formatUkDate(iso) : 'DD/MM/YYYY, e.g. 14/06/2026'}>
      {(p) => <input {...p} className="short" inputMode="numeric" autoComplete="off" placeholder="DD/MM/YYYY" value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}
