/*
 * Redaction of the logger's secret paths in one pass over a line's fields. pino's own `redact`
 * (@pinojs/redact) evaluates every path against every field of every line and clones what a
 * wildcard path could reach; with secrets matched at three depths that was the largest share of a
 * log line's cost. Here the paths are compiled once into a tree, a line is walked once along it,
 * and only the objects on the way to a secret are copied (a caller's object is never changed).
 *
 * Walked: plain objects, arrays and errors (their own enumerable fields: a token an error carries).
 * Other class instances (a request, a response, a Buffer) are written by their serializers, which
 * show only chosen fields and never copy a secret (see @shop/service's request log).
 */

export interface PathNode {
  /** The value at this node is a secret: censored whole. */
  secret: boolean;
  /** Where each named field leads (already merged with what the wildcard reaches). */
  named: Map<string, PathNode>;
  /** Where any other field leads (a `*` in a path). */
  any: PathNode | undefined;
}

const node = (): PathNode => ({ secret: false, named: new Map(), any: undefined });

/** `a.*.b`, `*["set-cookie"]`: the segments of a pino-style path. */
function segments(path: string): string[] {
  return [...path.matchAll(/[^.[\]]+|\[\s*(["'])(.*?)\1\s*\]/g)].map((match) => match[2] ?? match[0]);
}

function merge(a: PathNode | undefined, b: PathNode | undefined): PathNode | undefined {
  if (!a || !b) return a ?? b;
  const merged: PathNode = { secret: a.secret || b.secret, named: new Map(), any: merge(a.any, b.any) };
  for (const key of new Set([...a.named.keys(), ...b.named.keys()])) merged.named.set(key, merge(a.named.get(key) ?? a.any, b.named.get(key) ?? b.any)!);
  return merged;
}

/** A named field also leads wherever the wildcard beside it leads. */
function settle(tree: PathNode): PathNode {
  const any = tree.any && settle(tree.any);
  const named = new Map([...tree.named].map(([key, child]) => [key, settle(merge(child, tree.any)!)]));
  return { secret: tree.secret, named, any };
}

export function compilePaths(paths: readonly string[]): PathNode {
  const root = node();
  for (const path of paths) {
    let at = root;
    for (const segment of segments(path)) {
      if (segment === '*') at = at.any ??= node();
      else {
        let next = at.named.get(segment);
        if (!next) at.named.set(segment, (next = node()));
        at = next;
      }
    }
    at.secret = true;
  }
  return settle(root);
}

function walkable(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null || Array.isArray(value) || value instanceof Error;
}

/** A shallow copy that is still what it was: an array, or an error with its message and stack. */
function shallowCopy(value: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(value)) return [...value] as unknown as Record<string, unknown>;
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  const names = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
  for (const name of names) copy[name] = value[name];
  return copy;
}

function redactAt<T>(value: T, at: PathNode, censor: string): T {
  if (!walkable(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const next = at.named.get(key) ?? at.any;
    if (next === undefined) continue;
    const field = value[key];
    const redacted = next.secret ? censor : redactAt(field, next, censor);
    if (redacted !== field) (copy ??= shallowCopy(value))[key] = redacted;
  }
  return (copy ?? value) as T;
}

/** The redaction of `paths`: returns the object itself when it holds no secret, else a copy with each secret replaced by `censor`. */
export function redactor(paths: readonly string[], censor: string): <T>(value: T) => T {
  const tree = compilePaths(paths);
  return (value) => redactAt(value, tree, censor);
}
