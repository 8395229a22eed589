import { useState, type FormEvent } from 'react';
import type { Ballot } from '../../../shared/api';
import { lateDecisionsWords, tieProcedureWords, type BallotSettings } from '../../../shared/ballot-rules';
import { useAppStore } from '../../app-store';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { useApiTask } from '../../use-api';

/** How a tied branch vote is settled and whether late affiliate decisions count: the ballot's rules beside its rule set. */
export function BallotSettingsForm({ ballot }: { ballot: Ballot }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const [settings, setSettings] = useState<BallotSettings>(ballot.settings);
  const saving = useApiTask();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await saving.run(() => change('saveBallotSettings', { settings }))) notify('Ties and late decisions saved.');
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="ballot-settings-title" noValidate>
      <h2 id="ballot-settings-title">Ties and late decisions</h2>
      <fieldset className="checks">
        <legend>A tied branch vote</legend>
        <label>
          <input type="radio" name="tie-procedure" checked={settings.tieProcedure === 'retake'} onChange={() => setSettings({ ...settings, tieProcedure: 'retake' })} /> Retake it; a
          second tie is no preference (2019 guidance)
        </label>
        <label>
          <input type="radio" name="tie-procedure" checked={settings.tieProcedure === 'rules'} onChange={() => setSettings({ ...settings, tieProcedure: 'rules' })} /> The first tie
          stands, counted as the rule set's tie rule says
        </label>
        <p className="hint">{tieProcedureWords(settings.tieProcedure)}</p>
      </fieldset>
      <fieldset className="checks">
        <legend>An affiliate decision received after the closing date</legend>
        <label>
          <input type="radio" name="late-decisions" checked={settings.lateDecisions === 'count'} onChange={() => setSettings({ ...settings, lateDecisions: 'count' })} /> Count it (marked
          late)
        </label>
        <label>
          <input type="radio" name="late-decisions" checked={settings.lateDecisions === 'exclude'} onChange={() => setSettings({ ...settings, lateDecisions: 'exclude' })} /> Leave it out
          (the affiliate counts as not voting)
        </label>
        <p className="hint">{lateDecisionsWords(settings.lateDecisions)}</p>
      </fieldset>
      <ApiErrorNote error={saving.error?.message} />
      <button type="submit" className="primary">
        Save ties and late decisions
      </button>
    </form>
  );
}
