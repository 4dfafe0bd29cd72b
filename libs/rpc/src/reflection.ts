import type * as grpc from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { FileDescriptorProto, FileDescriptorSet, type IFileDescriptorProto } from 'protobufjs/ext/descriptor';
import { FILE_DESCRIPTOR_SET_BASE64 } from './generated/descriptor-set';

/*
 * Server reflection that stock tools (grpcurl, grpcui, Postman) can use. proto-loader's own
 * descriptors merge files by package under made-up names, drop imports and camelCase the fields,
 * so tools cannot resolve shop.common.v1.Money or google.protobuf.Timestamp. Reflection serves the
 * real descriptors instead (built by buf from proto/, see proto/scripts/generate.sh), and lists
 * only what this server implements, health included.
 */

const HEALTH_SERVICE = 'grpc.health.v1.Health';

let shopFiles: Buffer[] | undefined;

/** Each file of the generated descriptor set, encoded on its own as reflection answers it. */
function shopDescriptorFiles(): Buffer[] {
  shopFiles ??= (FileDescriptorSet.decode(Buffer.from(FILE_DESCRIPTOR_SET_BASE64, 'base64')) as unknown as { file: IFileDescriptorProto[] }).file.map(
    (file) => Buffer.from(FileDescriptorProto.encode(file).finish()),
  );
  return shopFiles;
}

/**
 * Adds reflection for `services` (fully qualified names) and health. `extra` package definitions
 * describe services outside proto/ (the chassis's own test service).
 */
export function addReflection(server: grpc.Server, services: readonly string[], extra: readonly PackageDefinition[] = []): void {
  const definitions: PackageDefinition = Object.assign({}, ...extra, {
    'shop.descriptors': { fileDescriptorProtos: shopDescriptorFiles() },
  }) as PackageDefinition;
  new ReflectionService(definitions, { services: [...services, HEALTH_SERVICE] }).addToServer(server);
}
