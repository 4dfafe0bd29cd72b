import { findOnPath } from '@shop/local-system';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TLS_FILE_NAMES = ['ca.crt', 'tls.crt', 'tls.key'];

/** Directories in cert-manager's Secret layout (ca.crt, tls.crt, tls.key), one per identity. */
export interface TestCertificates {
  /** Signed by the test CA, for 127.0.0.1 and localhost: what a service mounts as GRPC_TLS_DIR. */
  trusted(name: string): Promise<string>;
  /** The same shape, signed by another CA that the trusted ones do not accept. */
  foreign(name: string): Promise<string>;
  /**
   * A copy of `dir`'s files laid out as the kubelet mounts a Secret (each file a link into `..data`,
   * itself a link to a versioned directory), and `renew(from)`, which swaps in `from`'s files in one
   * rename, as the kubelet does when cert-manager renews the Secret.
   */
  mounted(dir: string): Promise<{ dir: string; renew(from: string): Promise<void> }>;
  remove(): Promise<void>;
}

/**
 * Real X.509 certificates made with openssl for one test file: a CA, and leaf certificates (EC
 * P-256, server and client use) signed by it or by a second, unrelated CA.
 */
export async function createTestCertificates(): Promise<TestCertificates> {
  if (!findOnPath('openssl')) throw new Error('openssl is needed to make test certificates: apt-get install openssl');
  const root = await mkdtemp(join(tmpdir(), 'shop-certs-'));
  const makeCa = async (name: string) => {
    const key = join(root, `${name}.key`);
    const cert = join(root, `${name}.crt`);
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', key, '-out', cert]);
    return { key, cert };
  };
  const [ca, otherCa] = await Promise.all([makeCa('shop-test-ca'), makeCa('foreign-ca')]);
  const leaf = async (name: string, signer: { key: string; cert: string }) => {
    const dir = join(root, name);
    await mkdir(dir);
    const ext = join(dir, 'ext.cnf');
    await writeFile(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
    await run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`, '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.csr')]);
    await run('openssl', ['x509', '-req', '-in', join(dir, 'tls.csr'), '-CA', signer.cert, '-CAkey', signer.key, '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', join(dir, 'tls.crt')]);
    // ca.crt is always the trusted CA: a foreign leaf still verifies its peers the normal way.
    await run('cp', [ca.cert, join(dir, 'ca.crt')]);
    return dir;
  };
  let versions = 0;
  const mounted = async (source: string) => {
    const dir = await mkdtemp(join(root, 'mounted-'));
    const publish = async (from: string) => {
      const version = `..${++versions}`;
      await mkdir(join(dir, version));
      for (const file of TLS_FILE_NAMES) await copyFile(join(from, file), join(dir, version, file));
      await symlink(version, join(dir, '..data_tmp'));
      await rename(join(dir, '..data_tmp'), join(dir, '..data'));
    };
    await publish(source);
    for (const file of TLS_FILE_NAMES) await symlink(join('..data', file), join(dir, file));
    return { dir, renew: publish };
  };
  return {
    mounted,
    trusted: (name) => leaf(name, ca),
    foreign: (name) => leaf(name, otherCa),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
