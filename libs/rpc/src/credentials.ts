import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Mutual TLS between services with grpc-js, for clusters without a mesh that provides it. The
 * certificates come from a directory in cert-manager's Secret layout (a kubernetes.io/tls Secret
 * plus the issuer's ca.crt), mounted read-only: every server asks each caller for a certificate
 * signed by ca.crt, and every client presents its own and checks the server's against ca.crt and
 * the target's host name. The files are read again periodically (grpc-js's certificate provider),
 * so a certificate renewed in the Secret (cert-manager renews before expiry; the kubelet swaps the
 * mounted files atomically) is used by every new connection without a restart, on both sides.
 */

/** cert-manager's file names in the mounted Secret. */
export const TLS_FILES = { ca: 'ca.crt', cert: 'tls.crt', key: 'tls.key' } as const;

export interface TlsMaterial {
  /** PEM of the CA (or bundle) that signs every service's certificate, as read at start. */
  readonly ca: Buffer;
  /** PEM certificate chain of this service, presented as server and as client, as read at start. */
  readonly cert: Buffer;
  /** PEM private key of `cert`, as read at start. */
  readonly key: Buffer;
  /** The same files, read again every reload interval: what the credentials below use. */
  readonly provider: grpc.experimental.CertificateProvider;
}

/** How often the files are read again unless told otherwise: well within cert-manager's renewal margin. */
export const DEFAULT_TLS_RELOAD_MS = 60_000;

/**
 * Reads the three files of `dir` (a missing or empty one throws, naming it, so a bad mount stops
 * start-up) and watches them for renewals.
 */
export function readTlsDirectory(dir: string, options: { reloadIntervalMs?: number } = {}): TlsMaterial {
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
  const provider = new grpc.experimental.FileWatcherCertificateProvider({
    caCertificateFile: join(dir, TLS_FILES.ca),
    certificateFile: join(dir, TLS_FILES.cert),
    privateKeyFile: join(dir, TLS_FILES.key),
    refreshIntervalMs: options.reloadIntervalMs ?? DEFAULT_TLS_RELOAD_MS,
  });
  return { ca: read(TLS_FILES.ca), cert: read(TLS_FILES.cert), key: read(TLS_FILES.key), provider };
}

/** Without material: plaintext (local runs, or a mesh whose sidecars encrypt). With it: TLS that requires a client certificate. */
export function serverCredentials(tls: TlsMaterial | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  // One provider holds the CA and the identity, so grpc-js's argument order cannot matter here.
  return grpc.experimental.createCertificateProviderServerCredentials(tls.provider, tls.provider, true);
}

/** The client side of serverCredentials: present our certificate, verify the server's. */
export function channelCredentials(tls: TlsMaterial | undefined): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.experimental.createCertificateProviderChannelCredentials(tls.provider, tls.provider);
}
