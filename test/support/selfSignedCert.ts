// A throw-away self-signed certificate for 127.0.0.1 and localhost, made with openssl (node:crypto
// cannot issue X.509 certificates).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertFiles {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export function selfSignedCert(openssl: string): CertFiles {
  const dir = mkdtempSync(join(tmpdir(), 'odm-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    openssl,
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'pipe' },
  );
  return { dir, certFile, keyFile };
}
