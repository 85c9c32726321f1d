/**
 * Central's certificate signing key: Ed25519, PKCS#8 PEM in `certificate-signing-key.pem`
 * in the data folder, mode 0600, created on first use. Whoever holds it can issue
 * certificates in the programme's name, so it is never logged, never sent, and is
 * backed up with the database (docs/deploy.md). Replicas of central share one copy.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../store/private-files.ts';

export const SIGNING_KEY_FILE_NAME = 'certificate-signing-key.pem';

export interface CertificateSigner {
  /** Hex SHA-256 of the public key (SPKI DER), first 16 digits: which key signed a certificate. */
  readonly keyId: string;
  /** The public key, PEM, for anyone who verifies offline. */
  readonly publicKeyPem: string;
  sign(text: string): string;
  /** True when `signature` (base64url) is this key's signature over exactly these bytes. */
  verify(text: string, signature: string): boolean;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function signerFromPrivateKey(privateKey: KeyObject): CertificateSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the certificate signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url'),
    verify: (text, signature) => {
      if (!/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
      return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64url'));
    },
  };
}

/** Loads the key from `dataDir`, creating it (0600, exclusively) when there is none. */
export function loadOrCreateSigningKey(dataDir: string): CertificateSigner {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const file = join(dataDir, SIGNING_KEY_FILE_NAME);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      // 'wx': a second process starting at the same moment keeps the first one's key.
      const fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
      try {
        writeSync(fd, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  chmodSync(file, PRIVATE_FILE_MODE);
  try {
    return signerFromPrivateKey(createPrivateKey(readFileSync(file)));
  } catch (err) {
    throw new Error(`${file}: not a usable Ed25519 private key (${(err as Error).message}); restore it from the backup`, { cause: err });
  }
}
