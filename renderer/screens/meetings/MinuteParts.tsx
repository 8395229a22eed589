import { useAppStore } from '../../app-store';

/** The minute's heading line: whose minute it is (the CLP), above the meeting's title. */
export function MinuteClp() {
  const clp = useAppStore((s) => s.state?.clp?.name ?? null);
  return clp ? <p className="minute-clp">{clp} Constituency Labour Party: minute of the trigger ballot vote</p> : null;
}

/** Lines for the chair and the secretary to sign the printed minute, each named from the record. */
export function MinuteSignatures({ chair, secretary }: { chair: string; secretary: string }) {
  const line = (role: string, name: string) => (
    <div className="signature" key={role}>
      <p>
        Signed ({role}): <span aria-hidden="true">________________________________</span>
      </p>
      <p>
        Name: {name || '________________'} · Date: <span aria-hidden="true">____________</span>
      </p>
    </div>
  );
  return (
    <section aria-label="Signatures" className="minute-signatures">
      {line('chair', chair)}
      {line('secretary', secretary)}
    </section>
  );
}
