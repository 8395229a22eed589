import { useEffect, useState } from 'react';
import type { Snapshot, TellerState } from '../../shared/api';
import { call } from '../api-client';
import { CrossMatch } from './members/CrossMatch';
import { EligibilityForm } from './members/EligibilityForm';
import { ListImport } from './members/ListImport';
import { PurgeForm } from './members/PurgeForm';
import { SnapshotList } from './members/SnapshotList';

export function Members({ state }: { state: TellerState }) {
  const [members, setMembers] = useState<Snapshot[]>([]);
  const [registers, setRegisters] = useState<Snapshot[]>([]);
  const refresh = () => {
    void call('listSnapshots', { kind: 'members' }).then(setMembers);
    void call('listSnapshots', { kind: 'register' }).then(setRegisters);
  };
  useEffect(refresh, [state.ballot?.snapshotId, state.store.path, state.audit.head]);
  return (
    <div className="members">
      <ListImport kind="members" onImported={refresh} />
      <SnapshotList title="Membership snapshots" snapshots={members} state={state} choosable />
      {state.ballot ? <EligibilityForm key={`${state.store.path}-${state.ballot.id}`} ballot={state.ballot} /> : null}
      <ListImport kind="register" onImported={refresh} />
      {registers.length > 0 ? <SnapshotList title="Electoral register snapshots" snapshots={registers} state={state} choosable={false} /> : null}
      <CrossMatch registers={registers} refreshKey={state.audit.head} />
      <PurgeForm state={state} />
    </div>
  );
}
