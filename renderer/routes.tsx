import type { ComponentType } from 'react';
import type { TellerState } from '../shared/api';
import { AuditTrail } from './screens/AuditTrail';
import { Complaints } from './screens/Complaints';
import { Dashboard } from './screens/Dashboard';
import { DoorDesk } from './screens/DoorDesk';
import { Meetings } from './screens/Meetings';
import { Members } from './screens/Members';
import { Region } from './screens/Region';
import { Results } from './screens/Results';
import { Settings } from './screens/Settings';
import { Setup } from './screens/Setup';

interface RouteEntry {
  /** The address: #/route. */
  route: string;
  /** The name in the menu and the window title. */
  label: string;
  Screen: ComponentType<{ state: TellerState }>;
  showInNav: boolean;
  /** Open before a CLP is set up (otherwise the welcome page shows instead). */
  withoutClp?: boolean;
}

/** Every screen of the app, in menu order. A new screen is one entry here and its own file; the first is the home screen. */
const ROUTES = [
  { route: 'dashboard', label: 'Dashboard', Screen: Dashboard, showInNav: true },
  { route: 'results', label: 'Results', Screen: Results, showInNav: true },
  { route: 'meetings', label: 'Meetings', Screen: Meetings, showInNav: true },
  { route: 'desk', label: 'Door desk', Screen: DoorDesk, showInNav: true },
  { route: 'complaints', label: 'Complaints', Screen: Complaints, showInNav: true },
  { route: 'members', label: 'Members', Screen: Members, showInNav: true },
  { route: 'setup', label: 'Set-up', Screen: Setup, showInNav: true, withoutClp: true },
  { route: 'audit', label: 'Audit trail', Screen: AuditTrail, showInNav: true },
  { route: 'region', label: 'Region', Screen: Region, showInNav: true, withoutClp: true },
  { route: 'settings', label: 'Settings', Screen: Settings, showInNav: true, withoutClp: true },
] as const satisfies readonly RouteEntry[];

type Route = (typeof ROUTES)[number]['route'];
export type RouteInfo = RouteEntry & { route: Route };

export const NAV: readonly RouteInfo[] = ROUTES.filter((r) => r.showInNav);

/** The screen an address names; the home screen for anything else. */
export function routeFromHash(hash: string): RouteInfo {
  const name = hash.replace(/^#\/?/, '');
  return ROUTES.find((r) => r.route === name) ?? ROUTES[0];
}
