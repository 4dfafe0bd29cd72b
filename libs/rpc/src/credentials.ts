import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Mutual TLS between services with grpc-js, for clusters without a mesh that provides it. The
 * certificates come from a directory in cert-manager's Secret layout (a kubernetes.io/tls Secret
 * plus the issuer's ca.crt), mounted read-only: every server asks each caller for a certificate
 * signed by ca.crt, and every client presents its own and checks the server's against ca.crt and
 * the target's host name. A certificate renewed in the Secret takes effect when the pod restarts.
 */

/** cert-manager's file names in the mounted Secret. */
export const TLS_FILES = { ca: 'ca.crt', cert: 'tls.crt', key: 'tls.key' } as const;

export interface TlsMaterial {
  /** PEM of the CA (or bundle) that signs every service's certificate. */
  readonly ca: Buffer;
  /** PEM certificate chain of this service, presented as server and as client. */
  readonly cert: Buffer;
  /** PEM private key of `cert`. */
  readonly key: Buffer;
}

/** Reads the three files of `dir`; a missing or empty one throws, naming it. */
export function readTlsDirectory(dir: string): TlsMaterial {
  const read = (name: string) => {
    const path = join(dir, name);
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch (error) {
      throw new Error(`GRPC_TLS_DIR: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    if (!content.toString('utf8').includes('-----BEGIN ')) throw new Error(`GRPC_TLS_DIR: ${path} holds no PEM`);
    return content;
  };
  return { ca: read(TLS_FILES.ca), cert: read(TLS_FILES.cert), key: read(TLS_FILES.key) };
}

/** Without material: plaintext (local runs, or a mesh whose sidecars encrypt). With it: TLS that requires a client certificate. */
export function serverCredentials(tls: TlsMaterial | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(tls.ca, [{ cert_chain: tls.cert, private_key: tls.key }], true);
}

/** The client side of serverCredentials: present our certificate, verify the server's. */
export function channelCredentials(tls: TlsMaterial | undefined): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(tls.ca, tls.key, tls.cert);
}
