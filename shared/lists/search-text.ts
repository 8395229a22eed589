/** Text as the door desk compares it: no accents, no case, apostrophes dropped ("Zoë O’Dwyer" → "zoe odwyer"). */
export function searchText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
