/**
 * What this browser can do with passkeys. Many volunteers scan with WeChat's in-app
 * browser, which may offer none: then the phone links and checks in with its device
 * cookie alone, and nothing here is ever called.
 */
import { browserSupportsWebAuthn, platformAuthenticatorIsAvailable, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';

/** A passkey is offered only where the phone itself can make one (fingerprint, face or screen lock). */
export async function canMakePasskey(): Promise<boolean> {
  if (!browserSupportsWebAuthn()) return false;
  return platformAuthenticatorIsAvailable().catch(() => false);
}

export type Ceremony<T> = { ok: true; value: T } | { ok: false; cancelled: boolean };

export async function createPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON): Promise<Ceremony<RegistrationResponseJSON>> {
  try {
    return { ok: true, value: await startRegistration({ optionsJSON }) };
  } catch (err) {
    return { ok: false, cancelled: (err as Error).name === 'NotAllowedError' };
  }
}

export async function usePasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON): Promise<Ceremony<AuthenticationResponseJSON>> {
  try {
    return { ok: true, value: await startAuthentication({ optionsJSON }) };
  } catch (err) {
    return { ok: false, cancelled: (err as Error).name === 'NotAllowedError' };
  }
}
