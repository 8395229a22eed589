import type { ComponentType } from 'react';
import type { ScreenProps } from './route-link';
import { AuditTrail } from './screens/AuditTrail';
import { Complaints } from './screens/Complaints';
import { Dashboard } from './screens/Dashboard';
import { DoorDesk } from './screens/DoorDesk';
import { Meetings } from './screens/Meetings';
import { Members } from './screens/Members';
import { ClpDetail } from './screens/region/ClpDetail';
import { RegionOverview } from './screens/region/Overview';
import { ReportsReceived } from './screens/region/ReportsReceived';
import { RegionSettings } from './screens/region/RegionSettings';
import { TrustedKeys } from './screens/region/TrustedKeys';
import { Results } from './screens/Results';
import { Settings } from './screens/Settings';
import { Setup } from './screens/Setup';

interface RouteEntry {
  /** The address: #/route, or #/route/param. */
  route: string;
  /** The name in the menu and the window title. */
  label: string;
  Screen: ComponentType<ScreenProps>;
  showInNav: boolean;
  /** Open before a CLP is set up (otherwise the welcome page shows instead). */
  withoutClp?: boolean;
}

/** What a store is for: a CLP secretary's ballot, or a regional office receiving CLPs' reports. */
export type StoreKind = 'secretary' | 'region';

/*
 * Every screen of the app, in menu order, one list per kind of store. A new screen is one entry
 * here and its own file; the first of each list is that store's home screen. A store only ever
 * reaches its own list: a regional office never shows the secretary's screens, nor the reverse.
 */
const SECRETARY_ROUTES = [
  { route: 'dashboard', label: 'Dashboard', Screen: Dashboard, showInNav: true },
  { route: 'results', label: 'Results', Screen: Results, showInNav: true },
  { route: 'meetings', label: 'Meetings', Screen: Meetings, showInNav: true },
  { route: 'desk', label: 'Door desk', Screen: DoorDesk, showInNav: true },
  { route: 'complaints', label: 'Complaints', Screen: Complaints, showInNav: true },
  { route: 'members', label: 'Members', Screen: Members, showInNav: true },
  { route: 'setup', label: 'Set-up', Screen: Setup, showInNav: true, withoutClp: true },
  { route: 'audit', label: 'Audit trail', Screen: AuditTrail, showInNav: true },
  { route: 'settings', label: 'Settings', Screen: Settings, showInNav: true, withoutClp: true },
] as const satisfies readonly RouteEntry[];

const REGION_ROUTES = [
  { route: 'overview', label: 'Overview', Screen: RegionOverview, showInNav: true, withoutClp: true },
  { route: 'received', label: 'Reports received', Screen: ReportsReceived, showInNav: true, withoutClp: true },
  { route: 'keys', label: 'Trusted keys', Screen: TrustedKeys, showInNav: true, withoutClp: true },
  { route: 'settings', label: 'Settings', Screen: RegionSettings, showInNav: true, withoutClp: true },
  { route: 'clp', label: 'CLP', Screen: ClpDetail, showInNav: false, withoutClp: true },
] as const satisfies readonly RouteEntry[];

type Route = (typeof SECRETARY_ROUTES)[number]['route'] | (typeof REGION_ROUTES)[number]['route'];
type RouteInfo = RouteEntry & { route: Route };

const ROUTES: Record<StoreKind, readonly RouteInfo[]> = { secretary: SECRETARY_ROUTES, region: REGION_ROUTES };

/** The menu of a kind of store. */
export function navFor(kind: StoreKind): readonly RouteInfo[] {
  return ROUTES[kind].filter((r) => r.showInNav);
}

/** Where a kind of store opens. */
function homeOf(kind: StoreKind): RouteInfo {
  return ROUTES[kind][0]!;
}

/** A parameter as it was before hrefOf encoded it; null for a malformed one (it names nothing). */
function decodeParam(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * The screen an address names among this kind of store's screens (the home screen for anything
 * else), its parameter, and whether the address named one of them at all.
 */
export function routeFromHash(hash: string, kind: StoreKind): { info: RouteInfo; param: string | null; named: boolean } {
  const [name = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const info = ROUTES[kind].find((r) => r.route === name);
  if (!info) return { info: homeOf(kind), param: null, named: false };
  return { info, param: rest.length > 0 ? decodeParam(rest.join('/')) : null, named: true };
}
