import type { TellerState } from '../../shared/api';
import { AffiliatesEditor } from './setup/AffiliatesEditor';
import { BallotForm } from './setup/BallotForm';
import { BallotSettingsForm } from './setup/BallotSettingsForm';
import { BranchesEditor } from './setup/BranchesEditor';
import { ClpForm } from './setup/ClpForm';

export function Setup({ state }: { state: TellerState }) {
  const key = state.store.path;
  return (
    <div className="setup">
      <ClpForm key={`clp-${key}`} clp={state.clp} />
      {state.clp ? (
        <>
          <BranchesEditor branches={state.branches} />
          <AffiliatesEditor affiliates={state.affiliates} />
          <BallotForm key={`ballot-${key}-${state.ballot?.id ?? 'new'}`} ballot={state.ballot} />
          {state.ballot ? <BallotSettingsForm key={`settings-${key}-${state.ballot.id}`} ballot={state.ballot} /> : null}
        </>
      ) : null}
    </div>
  );
}
