/** The fields of a membership list (formats/membership-csv.md) and how headers map to them. */
type MemberField = 'membershipNumber' | 'firstName' | 'lastName' | 'fullName' | 'address' | 'postcode' | 'branch' | 'joinDate' | 'status' | 'rollNumber' | 'continuousSince' | 'email';

export const MEMBER_FIELD_LABEL: Record<MemberField, string> = {
  membershipNumber: 'Membership number',
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name',
  address: 'Address line',
  postcode: 'Postcode',
  branch: 'Branch',
  joinDate: 'Join date',
  status: 'Status',
  rollNumber: 'Electoral roll number',
  continuousSince: 'Continuous membership since',
  email: 'Email',
};

const ALIASES: Record<MemberField, string[]> = {
  membershipNumber: ['Membership Number', 'Membership No', 'Member Number', 'Member ID', 'Membership ID', 'Member No', 'Mem No', 'Membership Ref', 'Member Ref', 'Membership Reference'],
  firstName: ['First Name', 'Firstname', 'Forename', 'Given Name', 'Forenames', 'First Names', 'Given Names'],
  lastName: ['Last Name', 'Surname', 'Family Name', 'Lastname'],
  fullName: ['Name', 'Full Name', 'Member Name'],
  address: [
    'Address', 'Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6', 'Address Line 1', 'Address Line 2', 'Address Line 3', 'Address Line 4', 'Address Line 5',
    'Street', 'Town', 'City', 'House', 'House Number', 'House Name', 'Flat', 'Locality', 'County',
  ],
  postcode: ['Postcode', 'Post Code', 'Postal Code', 'Zip'],
  branch: ['Branch', 'Branch Name', 'Ward', 'Branch/Ward', 'Ward/Branch', 'Ward Name', 'Local Branch', 'Branch Ward', 'BLP'],
  joinDate: ['Join Date', 'Date Joined', 'Joined', 'Start Date', 'Membership Start', 'Membership Start Date', 'Member Since', 'Joined On', 'Date of Joining', 'Joined Date', 'Join Dt'],
  status: ['Status', 'Membership Status', 'Member Status', 'Standing', 'Arrears Status'],
  rollNumber: ['Electoral Roll Number', 'Electoral Roll No', 'Roll Number', 'Roll No', 'Elector Number', 'Electoral Number', 'Electoral Register Number', 'Register Number', 'Elector No', 'PD/ENO', 'ENO'],
  continuousSince: ['Continuous Membership Since', 'Continuous Since', 'Continuous Membership', 'Continuously A Member Since', 'Continuous Membership Date', 'Continuous From'],
  email: ['Email', 'Email Address', 'E-mail', 'E-mail Address', 'Primary Email', 'Email 1', 'Personal Email'],
};

/** Header comparison ignores case, spaces and punctuation: "Membership No." = "membership_no". */
export function headerKey(header: string): string {
  return header.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
}

const BY_KEY = new Map<string, MemberField>();
for (const [field, names] of Object.entries(ALIASES) as [MemberField, string[]][]) for (const n of names) BY_KEY.set(headerKey(n), field);

/** The field each column maps to (null: not imported), from the header names. */
export type ColumnMapping = (MemberField | null)[];

export function guessMapping(headers: readonly string[]): ColumnMapping {
  const taken = new Set<MemberField>();
  return headers.map((h) => {
    const field = BY_KEY.get(headerKey(h)) ?? null;
    if (field === null) return null;
    if (field !== 'address' && taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

/** A header row with one column: the separator is none Teller reads, or the file is not a list. */
export const ONE_COLUMN = 'Teller found only one column in the header row, so the values are not separated by commas, semicolons or tabs. Save the list as CSV or tab-separated text and try again.';

/** Whole-file problems with a mapping: a required field unmapped, or one mapped twice. */
export function mappingProblems(mapping: ColumnMapping): string[] {
  if (mapping.length === 1) return [ONE_COLUMN];
  const problems: string[] = [];
  const count = (f: MemberField) => mapping.filter((m) => m === f).length;
  for (const f of ['membershipNumber', 'postcode', 'branch', 'joinDate', 'status'] as const) {
    if (count(f) === 0) problems.push(`No column is mapped to ${MEMBER_FIELD_LABEL[f]}, which is required.`);
  }
  const hasFull = count('fullName') > 0;
  const hasParts = count('firstName') > 0 && count('lastName') > 0;
  if (!hasFull && !hasParts) problems.push('Map either a Full name column, or both First name and Last name.');
  for (const f of Object.keys(MEMBER_FIELD_LABEL) as MemberField[]) {
    if (f !== 'address' && count(f) > 1) problems.push(`${MEMBER_FIELD_LABEL[f]} is mapped to more than one column.`);
  }
  return problems;
}
