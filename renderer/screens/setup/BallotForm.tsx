import { useState, type FormEvent } from 'react';
import type { Ballot } from '../../../shared/api';
import { ballotProblems } from '../../../shared/ballot-rules';
import { formatUkDate, formatUkNumeric, parseUkDate } from '../../../shared/dates';
import { presetById, RULE_PRESETS, type RuleSet } from '../../../shared/rules';
import { RulesInWords } from '../../components/RulesInWords';
import { useAppStore } from '../../app-store';
import { Field } from '../../components/Field';
import { UkDateField } from '../../components/UkDateField';
import { useFormErrors, type FieldErrors } from '../../use-form-errors';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { useApiQuery } from '../../use-api';

const DEFAULT_RULES = RULE_PRESETS[1]?.rules ?? RULE_PRESETS[0]!.rules;

function CustomRules({ rules, set, errors }: { rules: RuleSet; set: (r: RuleSet) => void; errors: FieldErrors }) {
  const college = rules.method === 'college';
  const setMethod = (method: RuleSet['method']) => {
    if (method === 'college') set({ ...rules, method, weights: rules.weights ?? { branches: '1/2', affiliates: '1/2' }, emptyClass: rules.emptyClass ?? 'reweight' });
    else {
      const { weights: _w, emptyClass: _e, ...rest } = rules;
      set({ ...rest, method });
    }
  };
  return (
    <div className="custom-rules">
      <div className="form-row">
        <Field label="Rule set name" error={errors['rules.id']} hint="Lower-case letters, digits and dashes">
          {(p) => <input {...p} value={rules.id} onChange={(e) => set({ ...rules, id: e.target.value })} className="short" />}
        </Field>
        <Field label="Method" error={errors['rules.method']}>
          {(p) => (
            <select {...p} value={rules.method} onChange={(e) => setMethod(e.target.value as RuleSet['method'])}>
              <option value="either">Either class reaches the threshold</option>
              <option value="college">Electoral college (weighted)</option>
              <option value="pooled">All units counted together</option>
            </select>
          )}
        </Field>
        <Field label="Threshold" error={errors['rules.threshold']} hint="A fraction, e.g. 1/3">
          {(p) => <input {...p} value={rules.threshold} onChange={(e) => set({ ...rules, threshold: e.target.value })} className="short" />}
        </Field>
      </div>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={rules.strict} onChange={(e) => set({ ...rules, strict: e.target.checked })} /> The share must be <em>more than</em> the threshold
          (unticked: reaching it is enough)
        </label>
      </div>
      <div className="form-row">
        <Field label="Shares are counted over" error={errors['rules.base']}>
          {(p) => (
            <select {...p} value={rules.base} onChange={(e) => set({ ...rules, base: e.target.value as RuleSet['base'] })}>
              <option value="voting">Units that cast a vote</option>
              <option value="all">Every listed unit</option>
            </select>
          )}
        </Field>
        <Field label="A tied unit counts as" error={errors['rules.tie']}>
          {(p) => (
            <select {...p} value={rules.tie} onChange={(e) => set({ ...rules, tie: e.target.value as RuleSet['tie'] })}>
              <option value="no-vote">Not voting</option>
              <option value="selection">Selection</option>
              <option value="reselect">Reselect</option>
              <option value="split">Half each</option>
            </select>
          )}
        </Field>
      </div>
      {college ? (
        <div className="form-row">
          <Field label="Branches weight" error={errors['rules.weights.branches'] ?? errors['rules.weights']}>
            {(p) => (
              <input
                {...p}
                className="short"
                value={rules.weights?.branches ?? ''}
                onChange={(e) => set({ ...rules, weights: { branches: e.target.value, affiliates: rules.weights?.affiliates ?? '' } })}
              />
            )}
          </Field>
          <Field label="Affiliates weight" error={errors['rules.weights.affiliates']}>
            {(p) => (
              <input
                {...p}
                className="short"
                value={rules.weights?.affiliates ?? ''}
                onChange={(e) => set({ ...rules, weights: { branches: rules.weights?.branches ?? '', affiliates: e.target.value } })}
              />
            )}
          </Field>
          <Field label="A class with no units to count" error={errors['rules.emptyClass']}>
            {(p) => (
              <select {...p} value={rules.emptyClass ?? 'reweight'} onChange={(e) => set({ ...rules, emptyClass: e.target.value as RuleSet['emptyClass'] })}>
                <option value="reweight">Gives its weight to the other class</option>
                <option value="zero">Counts as zero</option>
              </select>
            )}
          </Field>
        </div>
      ) : null}
    </div>
  );
}

export function BallotForm({ ballot }: { ballot: Ballot | null }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  // Dates are typed the UK way whatever the browser's language, and stored as YYYY-MM-DD.
  const [freezeText, setFreezeDate] = useState(ballot ? formatUkNumeric(ballot.freezeDate) : '');
  const [opensText, setOpensOn] = useState(ballot ? formatUkNumeric(ballot.opensOn) : '');
  const [closesText, setClosesOn] = useState(ballot ? formatUkNumeric(ballot.closesOn) : '');
  const [rules, setRules] = useState<RuleSet>(ballot?.rules ?? DEFAULT_RULES);
  const [custom, setCustom] = useState(ballot ? !presetById(ballot.rules.id) : false);
  const form = useFormErrors();
  const preset = custom ? undefined : presetById(rules.id);
  const [reason, setReason] = useState('');
  const [startsCorrectedFinal, setStartsCorrectedFinal] = useState(false);
  // Once results are recorded, say what this change touches before it is saved.
  const draft = { freezeDate: parseUkDate(freezeText) ?? '', opensOn: parseUkDate(opensText) ?? '', closesOn: parseUkDate(closesText) ?? '', rules };
  const changed =
    ballot !== null &&
    (ballot.freezeDate !== draft.freezeDate || ballot.opensOn !== draft.opensOn || ballot.closesOn !== draft.closesOn || JSON.stringify(ballot.rules) !== JSON.stringify(rules));
  const impact = useApiQuery('previewBallotChange', changed && draft.opensOn && draft.closesOn ? draft : null).data;
  const needsReason = changed && impact !== undefined && (impact.resultsRecorded || impact.finalRevision !== null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const freezeDate = parseUkDate(freezeText) ?? '';
    const opensOn = parseUkDate(opensText) ?? '';
    const closesOn = parseUkDate(closesText) ?? '';
    const dateErrors: FieldErrors = {};
    const notADate = 'is not a date Teller can read: type it as DD/MM/YYYY, e.g. 14/06/2026.';
    if (!freezeDate) dateErrors.freezeDate = freezeText.trim() ? `"${freezeText}" ${notADate}` : 'Enter the freeze date.';
    if (!opensOn) dateErrors.opensOn = opensText.trim() ? `"${opensText}" ${notADate}` : 'Enter the date branch meetings open.';
    if (!closesOn) dateErrors.closesOn = closesText.trim() ? `"${closesText}" ${notADate}` : 'Enter the closing date.';
    const problems = Object.keys(dateErrors).length ? [] : ballotProblems({ freezeDate, opensOn, closesOn, rules });
    for (const p of problems) dateErrors[p.field] ??= p.message;
    if (Object.keys(dateErrors).length > 0) {
      form.setErrors(dateErrors);
      return;
    }
    const extra = needsReason ? { reason, ...(impact?.finalRevision != null ? { startsCorrectedFinal } : {}) } : {};
    if (await form.run(() => change('saveBallot', { freezeDate, opensOn, closesOn, rules, ...extra }))) {
      setReason('');
      setStartsCorrectedFinal(false);
      notify(ballot ? 'Ballot saved.' : 'Ballot set up. Record results as units report.');
    }
  };

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="ballot-form" noValidate>
      <h2 id="ballot-form">Trigger ballot</h2>
      <div className="form-row">
        <UkDateField label="Freeze date" value={freezeText} onChange={setFreezeDate} error={form.errors.freezeDate} />
        <UkDateField label="Branch meetings open" value={opensText} onChange={setOpensOn} error={form.errors.opensOn} />
        <UkDateField label="Results close" value={closesText} onChange={setClosesOn} error={form.errors.closesOn} />
      </div>
      <Field label="Rule set">
        {(p) => (
          <select
            {...p}
            value={custom ? 'custom' : rules.id}
            onChange={(e) => {
              const chosen = presetById(e.target.value);
              if (chosen) {
                setRules(chosen.rules);
                setCustom(false);
              } else {
                setRules({ ...rules, id: rules.id.startsWith('labour-') ? 'custom' : rules.id });
                setCustom(true);
              }
            }}
          >
            {RULE_PRESETS.map((pr) => (
              <option key={pr.rules.id} value={pr.rules.id}>
                {pr.title} ({pr.rules.id})
              </option>
            ))}
            <option value="custom">Custom rule set…</option>
          </select>
        )}
      </Field>
      {custom ? <CustomRules rules={rules} set={setRules} errors={form.errors} /> : null}
      <div className="rules-summary">
        <RulesInWords rules={rules} preset={preset} />
      </div>
      {needsReason && impact ? (
        <div className="ballot-impact" role="group" aria-labelledby="impact-title">
          <h3 id="impact-title">What this change does</h3>
          <ul>
            <li>Results are already recorded: the outcome is recomputed under the new timetable and rules as soon as you save.</li>
            {impact.meetingsOutside.length > 0 ? (
              <li>
                {impact.meetingsOutside.length === 1 ? '1 meeting would fall' : `${impact.meetingsOutside.length} meetings would fall`} outside the timetable:{' '}
                {impact.meetingsOutside.map((m) => `${m.branch} (${formatUkDate(m.date)})`).join('; ')}.
              </li>
            ) : null}
            {impact.finalRevision !== null ? <li>The final report (revision {impact.finalRevision}) was issued under the present ones: this change starts a corrected final revision, to be issued with its reason.</li> : null}
          </ul>
          {impact.finalRevision !== null ? (
            <div className={`field${form.errors.startsCorrectedFinal ? ' field-invalid' : ''}`}>
              <label>
                <input type="checkbox" checked={startsCorrectedFinal} onChange={(e) => setStartsCorrectedFinal(e.target.checked)} /> Start a corrected final revision
              </label>
              {form.errors.startsCorrectedFinal ? (
                <div className="field-error" role="alert">
                  {form.errors.startsCorrectedFinal}
                </div>
              ) : null}
            </div>
          ) : null}
          <Field label="Why do the timetable or rules change?" error={form.errors.reason}>
            {(p) => <input {...p} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />}
          </Field>
        </div>
      ) : null}
      <ApiErrorNote error={form.errors.rules} />
      <ApiErrorNote error={form.formError} />
      <button type="submit" className="primary">
        {ballot ? 'Save ballot' : 'Set up ballot'}
      </button>
    </form>
  );
}
