import type { TellerState } from '../shared/api';

/* What screens need of the route table without importing it (it imports them). */

/** What every screen is given: the app's state, and what follows its name in the address (#/clp/<param>), if anything. */
export interface ScreenProps {
  state: TellerState;
  param: string | null;
}

/** The address of a screen (a route of routes.tsx), with its parameter. */
export function hrefOf(route: string, param?: string): string {
  return param === undefined ? `#/${route}` : `#/${route}/${encodeURIComponent(param)}`;
}
