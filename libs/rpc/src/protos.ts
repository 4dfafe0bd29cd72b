import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Loader options that match the generated types (`nx run proto:generate`). */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/**
 * Where the .proto files are: `PROTO_ROOT` if set, else `proto/` beside the running bundle (the build
 * copies them there), else the repository's `proto/` found by walking up from here.
 */
export function findProtoRoot(): string {
  const fromEnv = process.env['PROTO_ROOT'];
  if (fromEnv) return resolve(fromEnv);
  const starts = [__dirname, process.cwd()];
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'proto');
      if (existsSync(join(candidate, 'shop'))) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('cannot find the proto/ directory; set PROTO_ROOT');
}

function protoFilesUnder(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return protoFilesUnder(root, path);
    return entry.name.endsWith('.proto') ? [relative(root, path)] : [];
  });
}

export interface LoadedProtos<T> {
  packageDefinition: protoLoader.PackageDefinition;
  grpcObject: T;
}

/** Loads .proto files (all of shop's when none are named) into a typed grpc object. */
export function loadProtos<T = unknown>(files?: string[], includeDirs?: string[]): LoadedProtos<T> {
  const root = files ? undefined : findProtoRoot();
  const packageDefinition = protoLoader.loadSync(files ?? protoFilesUnder(root!), {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: includeDirs ?? (root ? [root] : []),
  });
  return { packageDefinition, grpcObject: grpc.loadPackageDefinition(packageDefinition) as T };
}
