import type { RulePreset, RuleSet } from '../../shared/rules';
import { describeRules } from '../../shared/rules';

/** A rule set in plain English, with the preset's source and its doubts when it is one. */
export function RulesInWords({ rules, preset }: { rules: RuleSet; preset: RulePreset | undefined }) {
  return (
    <>
      <ul>
        {describeRules(rules).map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      {preset ? (
        <>
          <p className="source">Source: {preset.source}</p>
          {preset.doubts.map((d) => (
            <p key={d} className="doubt">
              <strong>Doubt:</strong> {d}
            </p>
          ))}
        </>
      ) : null}
    </>
  );
}
