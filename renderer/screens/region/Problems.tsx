import { checkName, checkSentence } from './words';

/** A report's problems: each check it failed, named, with what that means and the particular reason. */
export function Problems({ problems }: { problems: readonly { code: string; message: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems">
      {problems.map((p, i) => {
        const sentence = checkSentence(p.code);
        return (
          <li key={`${p.code}-${i}`}>
            <strong>{checkName(p.code)}:</strong> {p.message}
            {sentence && sentence !== p.message ? <span className="problem-meaning"> {sentence}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
