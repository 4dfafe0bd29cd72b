import type { Request } from 'express';
import type { z } from 'zod';
import type { RequestSchemas } from '../routes/route';
import { HttpProblem, type InvalidParam } from './problems';

type Location = InvalidParam['in'];

/** Each part a route may declare: where a problem with it is reported, and how it is read. */
const PARTS: ReadonlyArray<[keyof RequestSchemas, Location, (req: Request, schemas: RequestSchemas) => unknown]> = [
  ['params', 'path', (req) => req.params],
  ['query', 'query', (req) => req.query],
  ['body', 'body', (req) => req.body],
  ['headers', 'header', (req, schemas) => headersFor(schemas.headers, req)],
];

/** Parses every part of the request a route declares; one 400 listing every problem found. */
export function validateRequest(schemas: RequestSchemas, req: Request): Record<string, unknown> {
  const errors: InvalidParam[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [part, location, read] of PARTS) {
    const schema = schemas[part];
    if (!schema) continue;
    const result = schema.safeParse(read(req, schemas));
    if (result.success) parsed[part] = result.data;
    else errors.push(...result.error.issues.flatMap((issue) => toInvalidParams(issue, location)));
  }
  if (errors.length > 0) throw new HttpProblem('validation', { detail: 'see errors for what to fix', errors });
  return parsed;
}

/** The declared headers only, under their documented names (Express lowercases them). */
function headersFor(schema: z.ZodObject | undefined, req: Request): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(schema?.shape ?? {}).map((name) => [name, req.get(name)]));
}

function toInvalidParams(issue: z.core.$ZodIssue, location: Location): InvalidParam[] {
  const pointerOf = (path: readonly PropertyKey[]) =>
    location === 'header' ? String(path[0] ?? '') : '/' + path.map((key) => String(key).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ in: location, pointer: pointerOf([...issue.path, key]), detail: 'unknown field' }));
  }
  return [{ in: location, pointer: pointerOf(issue.path), detail: issue.message }];
}
