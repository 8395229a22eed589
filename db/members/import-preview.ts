import type { ImportPreview, ListKind } from '../../shared/api';
import { formatUkDate } from '../../shared/dates';
import { TellerError } from '../../shared/errors';
import { statusWords } from '../../shared/lists/eligibility';
import { guessMapping, MEMBER_FIELD_LABEL, mappingProblems } from '../../shared/lists/member-fields';
import { guessRegisterMapping, REGISTER_FIELD_LABEL, registerMappingProblems } from '../../shared/lists/electoral-register-fields';
import { checkRegisterFile } from '../electoral-register/register-import';
import { checkMembershipFile, readCsvFile } from './csv-import';

/** A mapping whose every entry is a field of the list (or null); anything else is refused. */
export function checkedMapping<F extends string>(mapping: readonly (string | null)[], fields: Record<F, string>): (F | null)[] {
  return mapping.map((m) => {
    if (m === null) return null;
    if (!Object.prototype.hasOwnProperty.call(fields, m)) throw new TellerError('invalid-input', `"${m}" is not a field Teller knows.`, 'mapping');
    return m as F;
  });
}

/** How Teller reads a file under a mapping (guessed from the headers if none): nothing is written. */
export function buildPreview(kind: ListKind, file: { path: string; name: string }, mapping: (string | null)[] | null, today: string): ImportPreview {
  const csv = readCsvFile(file.path);
  const used = mapping ?? (kind === 'members' ? guessMapping(csv.headers) : guessRegisterMapping(csv.headers));
  if (used.length !== csv.headers.length) throw new TellerError('invalid-input', 'The column mapping does not match the file’s columns. Choose the file again.');
  const problems = kind === 'members' ? mappingProblems(checkedMapping(used, MEMBER_FIELD_LABEL)) : registerMappingProblems(checkedMapping(used, REGISTER_FIELD_LABEL));
  const base = { fileName: file.name, sha256: csv.sha256, encoding: csv.encoding, headers: csv.headers, mapping: used, rows: csv.table.records.length };
  if (problems.length > 0) {
    // Shown with the columns, so the user can correct the mapping.
    return { ...base, ignoredColumns: [], problems, valid: 0, rejected: [], sample: { columns: [], rows: [] } };
  }
  if (kind === 'members') {
    const read = checkMembershipFile(file.path, csv, today, checkedMapping(used, MEMBER_FIELD_LABEL));
    return {
      ...base,
      ignoredColumns: read.ignoredColumns,
      problems: [],
      valid: read.members.length,
      rejected: read.rejected.slice(0, 500),
      sample: {
        columns: ['Line', 'Number', 'Name', 'Postcode', 'Branch', 'Joined', 'Status'],
        rows: read.members.slice(0, 5).map((m) => [String(m.line), m.membershipNumber, m.fullName, m.postcode, m.branch, formatUkDate(m.joinDate), statusWords(m.status)]),
      },
    };
  }
  const read = checkRegisterFile(file.path, csv, checkedMapping(used, REGISTER_FIELD_LABEL));
  return {
    ...base,
    ignoredColumns: read.ignoredColumns,
    problems: [],
    valid: read.entries.length,
    rejected: read.rejected.slice(0, 500),
    sample: {
      columns: ['Line', 'Elector number', 'Name', 'Address', 'Postcode', 'Franchise'],
      rows: read.entries.slice(0, 5).map((e) => [String(e.line), e.elector, `${e.forenames} ${e.surname}`, e.address, e.postcode, e.franchise]),
    },
  };
}
