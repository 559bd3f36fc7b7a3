/**
 * The `/api/v3` route table and its matcher. A route's stats key is `METHOD /template`
 * (e.g. `GET /groups/{gid}/users`); a path no template matches counts as `METHOD (unknown)`.
 */
import type { Route } from './route-context.js';
import { groupReadRoutes } from './routes-groups.js';
import { memberWriteRoutes } from './routes-members.js';
import { manageRolesRoutes } from './routes-roles.js';
import { serviceAccountRoleRoutes } from './routes-service-accounts.js';
import { usageRoutes } from './routes-usage.js';
import { userRoutes } from './routes-users.js';

/** Every endpoint of gti-api.md §2. */
export const ROUTES: readonly Route[] = [
  ...groupReadRoutes,
  ...memberWriteRoutes,
  ...manageRolesRoutes,
  ...serviceAccountRoleRoutes,
  ...userRoutes,
  ...usageRoutes,
];

/** The outcome of matching a request path. */
export interface RouteMatch {
  /** The stats key. */
  key: string;
  /** The route, when method and path both match. */
  route: Route | undefined;
  params: Record<string, string>;
}

/** Matches `path` (relative to `/api/v3`) against one template; the decoded parameters or undefined. */
function matchTemplate(
  template: string,
  segments: readonly string[],
): Record<string, string> | undefined {
  const parts = template.split('/').filter((part) => part !== '');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) params[part.slice(1, -1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Finds the route for `method` and `path` (no two templates match the same path). A path that
 * matches a template under another method still gets that template's key, without a route.
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  let pathOnly: string | undefined;
  for (const route of routes) {
    const params = matchTemplate(route.template, segments);
    if (params === undefined) continue;
    if (route.method === method) return { key: `${method} ${route.template}`, route, params };
    pathOnly ??= route.template;
  }
  return {
    key: pathOnly === undefined ? `${method} (unknown)` : `${method} ${pathOnly}`,
    route: undefined,
    params: {},
  };
}
