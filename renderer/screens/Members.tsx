import { useEffect, useState } from 'react';
import type { Snapshot, TellerState } from '../../shared/api';
import { call } from '../api-client';
import { EligibilityForm } from './members/EligibilityForm';
import { MembershipImport } from './members/MembershipImport';
import { PurgeForm } from './members/PurgeForm';
import { SnapshotList } from './members/SnapshotList';

export function Members({ state }: { state: TellerState }) {
  const [snapshots, setSnapshots] = useState<Snapshot[]>([]);
  const refresh = () => void call('listSnapshots', {}).then(setSnapshots);
  useEffect(refresh, [state.ballot?.snapshotId, state.store.path, state.audit.head]);
  return (
    <div className="members">
      <MembershipImport onImported={refresh} />
      <SnapshotList snapshots={snapshots} state={state} />
      {state.ballot ? <EligibilityForm key={`${state.store.path}-${state.ballot.id}`} ballot={state.ballot} /> : null}
      <PurgeForm state={state} />
    </div>
  );
}
