import type { HttpMethod, RouteSpec } from '#catalog/types.ts';

/** The outcome of matching one request line against the route table, the way API Gateway picks a resource. */
export type RouteMatch =
  | {
      readonly kind: 'found';
      readonly route: RouteSpec;
      /** Decoded values of the resource's `{param}` segments; empty when it has none. */
      readonly pathParameters: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'method_not_allowed'; readonly allow: readonly HttpMethod[] }
  /** The path holds a malformed percent-escape, so no resource can be matched. */
  | { readonly kind: 'bad_path' };

export interface Router {
  match(method: string, rawPath: string): RouteMatch;
}

type Segment = { readonly literal: string } | { readonly param: string };

interface Resource {
  readonly template: string;
  readonly segments: readonly Segment[];
  readonly routes: ReadonlyMap<string, RouteSpec>;
}

const PARAM_SEGMENT = /^\{([A-Za-z0-9_]+)\}$/;

function parseTemplate(template: string): Segment[] {
  return splitPath(template).map((segment) => {
    const param = PARAM_SEGMENT.exec(segment)?.[1];
    return param === undefined ? { literal: segment } : { param };
  });
}

function splitPath(path: string): string[] {
  return path === '/' ? [] : path.replace(/^\//, '').split('/');
}

/** Literal segments beat `{param}` segments at the first position where two resources differ, as in API Gateway. */
function compareSpecificity(left: Resource, right: Resource): number {
  const isLiteral = (segment: Segment | undefined) => segment !== undefined && 'literal' in segment;
  for (let index = 0; index < Math.min(left.segments.length, right.segments.length); index += 1) {
    const leftLiteral = isLiteral(left.segments[index]);
    if (leftLiteral !== isLiteral(right.segments[index])) return leftLiteral ? -1 : 1;
  }
  return 0;
}

function decodeSegments(rawPath: string): string[] | undefined {
  try {
    return splitPath(rawPath).map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function bind(resource: Resource, segments: readonly string[]): Record<string, string> | undefined {
  if (resource.segments.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, segment] of resource.segments.entries()) {
    const value = segments[index];
    if (value === undefined) return undefined;
    if ('literal' in segment) {
      if (segment.literal !== value) return undefined;
    } else {
      // API Gateway never binds a parameter to an empty segment (`/v1/creators/` is not `/v1/creators/{id}`).
      if (value === '') return undefined;
      parameters[segment.param] = value;
    }
  }
  return parameters;
}

/**
 * Builds a matcher over the route table. The most specific resource that fits the path wins first, then the
 * method is looked up on it: a known path with another method is a 405 that names the allowed methods.
 */
export function createRouter(routes: readonly RouteSpec[]): Router {
  const byTemplate = new Map<string, Map<string, RouteSpec>>();
  for (const route of routes) {
    const methods = byTemplate.get(route.path) ?? new Map<string, RouteSpec>();
    if (methods.has(route.method)) throw new Error(`Route ${route.method} ${route.path} is declared twice`);
    methods.set(route.method, route);
    byTemplate.set(route.path, methods);
  }
  const resources: Resource[] = [...byTemplate].map(([template, methods]) => ({
    template,
    segments: parseTemplate(template),
    routes: methods,
  }));
  resources.sort(compareSpecificity);

  return {
    match(method, rawPath) {
      const segments = decodeSegments(rawPath);
      if (segments === undefined) return { kind: 'bad_path' };
      for (const resource of resources) {
        const pathParameters = bind(resource, segments);
        if (pathParameters === undefined) continue;
        const route = resource.routes.get(method);
        if (route === undefined)
          return { kind: 'method_not_allowed', allow: [...resource.routes.keys()] as HttpMethod[] };
        return { kind: 'found', route, pathParameters };
      }
      return { kind: 'not_found' };
    },
  };
}
