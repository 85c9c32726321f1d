/**
 * Passkeys for linked phones (W3C WebAuthn Level 3 via @simplewebauthn/server 14).
 * A passkey is added to a binding only by the phone that holds the binding's device
 * cookie, within PASSKEY_ENROL_WINDOW_MS of linking; from then on that binding checks
 * in only with the passkey. Every challenge is stored with its purpose and the device it
 * was issued to, and is used at most once, so an assertion can be neither replayed nor
 * carried to another phone.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { maskName } from '../../shared/index.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { BindingRecord, ChallengePurpose } from '../store/phone-binding-store.ts';
import { PASSKEY_ENROL_WINDOW_MS } from './pairing-rules.ts';
import type { RelyingParty } from './relying-party.ts';

const CHALLENGE_TTL_MS = 5 * 60_000;
const CEREMONY_TIMEOUT_MS = 120_000;

export type PasskeyOutcome<T> = { ok: true; value: T } | { ok: false; why: string };

/** The challenge the browser signed, read from clientDataJSON (WebAuthn §5.8.1). */
export function challengeOf(response: { response: { clientDataJSON: string } }): string | undefined {
  try {
    const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof clientData.challenge === 'string' ? clientData.challenge : undefined;
  } catch {
    return undefined;
  }
}

export interface PasskeyDeps {
  store: CentralStore;
  rp: RelyingParty;
  log: CentralLogger;
  now: () => number;
}

export class PasskeyService {
  constructor(private readonly deps: PasskeyDeps) {}

  get enabled(): boolean {
    return this.deps.rp.passkeys;
  }

  /** True while this binding may still get its passkey. */
  canEnrol(binding: BindingRecord): boolean {
    return this.enabled && binding.credential === 'device-key' && this.deps.now() - binding.createdAtMs < PASSKEY_ENROL_WINDOW_MS;
  }

  async registrationOptions(deviceHash: string): Promise<PasskeyOutcome<PublicKeyCredentialCreationOptionsJSON>> {
    const { store, rp } = this.deps;
    if (!rp.passkeys) return { ok: false, why: rp.why };
    const binding = await store.phone.activeBindingOfDevice(deviceHash);
    if (!binding || !this.canEnrol(binding)) return { ok: false, why: 'no binding of this device that may add a passkey now' };
    const volunteer = await store.findVolunteer(binding.volunteerId);
    const options = await generateRegistrationOptions({
      rpName: rp.rpName,
      rpID: rp.rpId,
      userName: binding.volunteerId,
      userID: new TextEncoder().encode(binding.id),
      userDisplayName: volunteer ? maskName(volunteer.name) : binding.volunteerId,
      attestationType: 'none',
      timeout: CEREMONY_TIMEOUT_MS,
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      excludeCredentials: (await store.phone.passkeysOfBinding(binding.id)).map((p) => ({ id: p.credentialId, transports: p.transports })),
    });
    await this.save(options.challenge, 'register', deviceHash, binding.id);
    return { ok: true, value: options };
  }

  async register(deviceHash: string, response: RegistrationResponseJSON): Promise<PasskeyOutcome<BindingRecord>> {
    const { store, rp, log } = this.deps;
    if (!rp.passkeys) return { ok: false, why: rp.why };
    const challenge = challengeOf(response);
    const saved = challenge ? await store.phone.takeChallenge(challenge, 'register', deviceHash, this.deps.now()) : undefined;
    if (!saved?.bindingId) return { ok: false, why: 'unknown, used or expired registration challenge' };
    const binding = await store.phone.activeBinding(saved.bindingId);
    if (!binding || binding.deviceHash !== deviceHash || !this.canEnrol(binding)) return { ok: false, why: 'the binding may not add a passkey now' };
    let verified;
    try {
      verified = await verifyRegistrationResponse({ response, expectedChallenge: saved.challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpId, requireUserVerification: true });
    } catch (err) {
      log.info({ err: (err as Error).message, bindingId: binding.id }, 'passkey registration refused');
      return { ok: false, why: (err as Error).message };
    }
    if (!verified.verified) return { ok: false, why: 'registration not verified' };
    const { credential } = verified.registrationInfo;
    await store.phone.addPasskey(
      { credentialId: credential.id, bindingId: binding.id, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports ?? [], createdAtMs: this.deps.now() },
      this.deps.now(),
    );
    log.info({ bindingId: binding.id }, 'passkey added to a phone binding');
    return { ok: true, value: { ...binding, credential: 'passkey' } };
  }

  /** Options for a check-in by this device's passkey link; the challenge is bound to this device and used once. */
  async checkinOptions(deviceHash: string): Promise<PasskeyOutcome<PublicKeyCredentialRequestOptionsJSON>> {
    const { store, rp } = this.deps;
    if (!rp.passkeys) return { ok: false, why: rp.why };
    const binding = await store.phone.activeBindingOfDevice(deviceHash);
    if (!binding) return { ok: false, why: 'this device is not linked' };
    const allow = await store.phone.passkeysOfBinding(binding.id);
    const options = await generateAuthenticationOptions({
      rpID: rp.rpId,
      userVerification: 'required',
      timeout: CEREMONY_TIMEOUT_MS,
      allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: p.transports })),
    });
    await this.save(options.challenge, 'checkin', deviceHash);
    return { ok: true, value: options };
  }

  /** The active binding whose passkey signed this device's check-in challenge. */
  async verifyCheckin(deviceHash: string, response: AuthenticationResponseJSON): Promise<PasskeyOutcome<BindingRecord>> {
    const { store, rp, log } = this.deps;
    if (!rp.passkeys) return { ok: false, why: rp.why };
    const challenge = challengeOf(response);
    const saved = challenge ? await store.phone.takeChallenge(challenge, 'checkin', deviceHash, this.deps.now()) : undefined;
    if (!saved) return { ok: false, why: 'unknown, used or expired check-in challenge' };
    const found = await store.phone.passkeyById(response.id);
    if (!found) return { ok: false, why: 'no active binding has this passkey' };
    let verified;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: saved.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpId,
        requireUserVerification: true,
        credential: { id: found.passkey.credentialId, publicKey: new Uint8Array(found.passkey.publicKey), counter: found.passkey.counter, transports: found.passkey.transports },
      });
    } catch (err) {
      log.info({ err: (err as Error).message, bindingId: found.binding.id }, 'passkey check-in refused');
      return { ok: false, why: (err as Error).message };
    }
    if (!verified.verified) return { ok: false, why: 'assertion not verified' };
    await store.phone.updatePasskeyCounter(found.passkey.credentialId, verified.authenticationInfo.newCounter);
    return { ok: true, value: found.binding };
  }

  private async save(challenge: string, purpose: ChallengePurpose, deviceHash: string, bindingId?: string): Promise<void> {
    await this.deps.store.phone.saveChallenge({ challenge, purpose, deviceHash, expiresAtMs: this.deps.now() + CHALLENGE_TTL_MS, ...(bindingId ? { bindingId } : {}) });
  }
}
