/**
 * A software WebAuthn authenticator for Node tests and benchmarks: ES256 (P-256) keys,
 * "none" attestation, user present and verified, per WebAuthn Level 3 §6.1
 * (authenticator data) and §6.5.4 (attestation object). It signs whatever it is asked
 * to, including on purpose broken variants, so tests can forge like an attacker would.
 * The browser tests use Chromium's own virtual authenticator instead.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const b64u = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

// Flags (WebAuthn §6.1): UP = 0x01, UV = 0x04, AT = 0x40.
const UP_UV = 0x05;
const UP_UV_AT = 0x45;

interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

export interface AssertionTweaks {
  origin?: string;
  rpId?: string;
  challenge?: string;
  /** Flip a byte of the signature. */
  badSignature?: boolean;
  /** Sign with this credential id but another key. */
  wrongKey?: boolean;
  type?: string;
}

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(readonly origin: string) {}

  private authData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  create(options: PublicKeyCredentialCreationOptionsJSON): RegistrationResponseJSON {
    const rpId = options.rp.id!;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const id = randomBytes(32);
    // COSE_Key (RFC 9053 §7.1): kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
    const coseKey = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
        [-3, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, id, Buffer.from(coseKey)]);
    const authData = this.authData(rpId, UP_UV_AT, 0, attested);
    const attestation = new Map<string, string | Uint8Array | Map<string, string>>();
    attestation.set('fmt', 'none');
    attestation.set('attStmt', new Map<string, string>());
    attestation.set('authData', new Uint8Array(authData));
    const attestationObject = isoCBOR.encode(attestation);
    const clientDataJSON = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: this.origin, crossOrigin: false });
    this.credentials.push({ id, privateKey, rpId, userHandle: options.user.id, counter: 0 });
    return {
      id: b64u(id),
      rawId: b64u(id),
      type: 'public-key',
      response: { clientDataJSON: b64u(Buffer.from(clientDataJSON)), attestationObject: b64u(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Signs a check-in challenge with the first credential (or the one the options allow). */
  get(options: PublicKeyCredentialRequestOptionsJSON, tweaks: AssertionTweaks = {}): AuthenticationResponseJSON {
    const allowed = options.allowCredentials?.map((c) => c.id) ?? [];
    const credential = this.credentials.find((c) => allowed.length === 0 || allowed.includes(b64u(c.id))) ?? this.credentials[0];
    if (!credential) throw new Error('this soft authenticator has no credential');
    credential.counter += 1;
    const authData = this.authData(tweaks.rpId ?? options.rpId ?? credential.rpId, UP_UV, credential.counter);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: tweaks.type ?? 'webauthn.get', challenge: tweaks.challenge ?? options.challenge, origin: tweaks.origin ?? this.origin, crossOrigin: false }));
    const key = tweaks.wrongKey ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey : credential.privateKey;
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), key);
    if (tweaks.badSignature) signature[signature.length - 1]! ^= 0x01;
    return {
      id: b64u(credential.id),
      rawId: b64u(credential.id),
      type: 'public-key',
      response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authData), signature: b64u(signature), userHandle: credential.userHandle },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
