import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
}

export type RouteHandler = (ctx: RouteContext) => void | Promise<void>;

interface PatternRoute {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

export type RouteMatch =
  { kind: 'found'; handler: RouteHandler; params: Record<string, string> } | { kind: 'wrong-method'; allow: string[] } | { kind: 'not-found' };

/**
 * Just enough routing for a dozen routes. Fixed paths are one Map lookup, because the
 * send route is the hot path in benchmarks; only `:param` routes are scanned.
 */
export class HttpRouter {
  private readonly fixed = new Map<string, Map<string, RouteHandler>>();
  private readonly patterns: PatternRoute[] = [];

  add(method: string, path: string, handler: RouteHandler): this {
    if (path.includes('/:')) {
      this.patterns.push({ method, segments: path.split('/'), handler });
    } else {
      const byMethod = this.fixed.get(path) ?? new Map<string, RouteHandler>();
      byMethod.set(method, handler);
      this.fixed.set(path, byMethod);
    }
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const byMethod = this.fixed.get(path);
    if (byMethod) {
      const handler = byMethod.get(method);
      return handler ? { kind: 'found', handler, params: {} } : { kind: 'wrong-method', allow: [...byMethod.keys()] };
    }
    const allow: string[] = [];
    const requested = path.split('/');
    for (const route of this.patterns) {
      const params = matchSegments(route.segments, requested);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', handler: route.handler, params };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'wrong-method', allow } : { kind: 'not-found' };
  }
}

function matchSegments(pattern: string[], requested: string[]): Record<string, string> | undefined {
  if (pattern.length !== requested.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = requested[i]!;
    if (expected.startsWith(':')) {
      if (actual === '') return undefined;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
