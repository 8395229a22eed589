import type { TellerState } from '../../shared/api';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { useApiQuery } from '../use-api';
import { CrossMatch } from './members/CrossMatch';
import { EligibilityForm } from './members/EligibilityForm';
import { ListImport } from './members/ListImport';
import { MemberList, RejectedRows } from './members/MemberList';
import { PurgeForm } from './members/PurgeForm';
import { SnapshotList } from './members/SnapshotList';

export function Members({ state }: { state: TellerState }) {
  const members = useApiQuery('listSnapshots', { kind: 'members' });
  const registers = useApiQuery('listSnapshots', { kind: 'register' });
  const registerList = registers.data ?? [];
  const purged = state.purge?.complete === true;
  return (
    <div className="members">
      {/* After the purge no list is taken in again (the service refuses it too). */}
      {purged ? null : <ListImport kind="members" branches={state.branches.filter((b) => b.withdrawn === null).map((b) => b.name)} />}
      <ApiErrorNote error={members.error ?? registers.error} />
      <MemberList />
      <RejectedRows snapshots={members.data ?? []} />
      <SnapshotList title="Membership snapshots" snapshots={members.data ?? []} state={state} choosable />
      {state.ballot ? <EligibilityForm key={`${state.store.path}-${state.ballot.id}`} ballot={state.ballot} /> : null}
      {purged ? null : <ListImport kind="register" />}
      {registerList.length > 0 ? <SnapshotList title="Electoral register snapshots" snapshots={registerList} state={state} choosable={false} /> : null}
      {registerList.length > 0 ? <CrossMatch /> : null}
      <PurgeForm state={state} />
    </div>
  );
}
