import { headerKey, ONE_COLUMN } from './member-fields';

/** The fields of a council's electoral register export (formats/membership-csv.md, "Electoral register"). */
type RegisterField = 'electorPrefix' | 'electorNumber' | 'electorSuffix' | 'surname' | 'forenames' | 'electorName' | 'address' | 'postcode' | 'franchise' | 'dob';

export const REGISTER_FIELD_LABEL: Record<RegisterField, string> = {
  electorPrefix: 'Elector number prefix',
  electorNumber: 'Elector number',
  electorSuffix: 'Elector number suffix',
  surname: 'Surname',
  forenames: 'Forenames',
  electorName: 'Name (SURNAME, Forenames)',
  address: 'Address line',
  postcode: 'Postcode',
  franchise: 'Markers',
  dob: 'Date of birth',
};

const ALIASES: Record<RegisterField, string[]> = {
  electorPrefix: ['Prefix', 'Elector Prefix', 'PD', 'Polling District', 'Elector Number Prefix'],
  electorNumber: ['Elector Number', 'Elector No', 'Number', 'ENO', 'Elector Num', 'Elector Ref'],
  electorSuffix: ['Suffix', 'Elector Suffix', 'Elector Number Suffix'],
  surname: ['Surname', 'Last Name', 'Family Name', 'Elector Surname'],
  forenames: ['Forenames', 'Forename', 'First Names', 'First Name', 'Given Names', 'Elector Forename', 'Elector Forenames'],
  electorName: ['Elector Name', 'Name', 'Full Name', 'Elector Full Name'],
  address: [
    'Address', 'Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6', 'Address Line 1', 'Address Line 2', 'Address Line 3', 'Address Line 4',
    'Property', 'Street', 'Property Address 1', 'Property Address 2', 'Property Address 3', 'Property Address 4', 'Property Address 5', 'Property Address 6',
  ],
  postcode: ['Postcode', 'Post Code', 'Postal Code', 'Property Postcode', 'Property Post Code'],
  franchise: ['Franchise', 'Franchise Flag', 'Franchise Marker', 'Marker', 'Markers', 'Flags', 'Elector Markers', 'Markers Register Text', 'Elector Marker', 'Register Markers'],
  dob: ['DOB', 'Date of Birth', 'Elector DOB', 'Elector Date of Birth', 'Birth Date'],
};

const BY_KEY = new Map<string, RegisterField>();
for (const [field, names] of Object.entries(ALIASES) as [RegisterField, string[]][]) for (const n of names) BY_KEY.set(headerKey(n), field);

export type RegisterMapping = (RegisterField | null)[];

export function guessRegisterMapping(headers: readonly string[]): RegisterMapping {
  const taken = new Set<RegisterField>();
  return headers.map((h) => {
    const field = BY_KEY.get(headerKey(h)) ?? null;
    if (field === null || (field !== 'address' && taken.has(field))) return null;
    taken.add(field);
    return field;
  });
}

export function registerMappingProblems(mapping: RegisterMapping): string[] {
  if (mapping.length === 1) return [ONE_COLUMN];
  const problems: string[] = [];
  const count = (f: RegisterField) => mapping.filter((m) => m === f).length;
  for (const f of ['electorNumber', 'postcode'] as const) {
    if (count(f) === 0) problems.push(`No column is mapped to ${REGISTER_FIELD_LABEL[f]}, which is required.`);
  }
  // The name: surname and forenames apart, or one column "SURNAME, Forenames".
  if (count('electorName') === 0 && (count('surname') === 0 || count('forenames') === 0)) {
    problems.push('Map both Surname and Forenames, or one Name column written "SURNAME, Forenames".');
  }
  for (const f of Object.keys(REGISTER_FIELD_LABEL) as RegisterField[]) {
    if (f !== 'address' && count(f) > 1) problems.push(`${REGISTER_FIELD_LABEL[f]} is mapped to more than one column.`);
  }
  return problems;
}
