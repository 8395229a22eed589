/** The statuses Teller reads a member's standing as (the Api's schema is built from this list:
 * no zod here, so that an import's writer thread starts quickly). "not-good-standing" is a
 * status the list names that is not good standing but none of the others (Deceased, or one
 * the user mapped so); "unknown" is a blank status. */
export const MEMBER_STATUSES = ['good-standing', 'arrears', 'lapsed', 'suspended', 'resigned', 'expelled', 'not-good-standing', 'unknown'] as const;

export type MemberStatus = (typeof MEMBER_STATUSES)[number];
