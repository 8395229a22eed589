import { Field } from './Field';

interface WordsSelectProps<K extends string> {
  label: string;
  value: K | '';
  words: Record<K, string>;
  onChange: (value: K | '') => void;
  /** An "Any" choice first, for filters. */
  any?: boolean;
}

/** A labelled select over a fixed set of values, each shown by its words. */
export function WordsSelect<K extends string>({ label, value, words, onChange, any }: WordsSelectProps<K>) {
  return (
    <Field label={label}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as K | '')}>
          {any ? <option value="">Any</option> : null}
          {(Object.entries(words) as [K, string][]).map(([k, w]) => (
            <option key={k} value={k}>
              {w}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
