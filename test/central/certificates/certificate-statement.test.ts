// Certificates are Ed25519-signed over the exact statement text: genuine, tampered (any byte), revoked, unknown.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildStatement, certificateIdFrom, signedTextOf, verifyStored } from '../../../central/certificates/certificate-statement.ts';
import { signerFromPrivateKey } from '../../../central/certificates/signing-key.ts';
import type { StoredCertificate } from '../../../central/store/certificate-store.ts';

const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
const other = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
const ID = certificateIdFrom(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));

function issued(): StoredCertificate {
  const statement = buildStatement({
    certificateId: ID,
    volunteer: { id: 'V-1', name: '张三丰' },
    from: '2026-01-01',
    to: '2026-06-30',
    issuedAt: '2026-07-01T02:00:00.000Z',
    programme: { zh: '志愿服务时间银行', en: 'Volunteer Time Bank' },
    keyId: signer.keyId,
    figures: [
      { month: '2026-02', stationId: 'ST-0002', category: 'environment', teamId: null, minutes: 30, events: 1 },
      { month: '2026-01', stationId: 'ST-0001', category: 'elderly-care', teamId: 'T-1', minutes: 90, events: 1 },
      { month: '2026-03', stationId: 'ST-0001', category: 'elderly-care', teamId: 'T-1', minutes: 45, events: 2 },
    ],
  });
  const text = signedTextOf(statement);
  return { id: ID, volunteerId: 'V-1', keyId: signer.keyId, statement: text, signature: signer.sign(text), issuedAt: statement.issuedAt };
}

describe('service certificate statement and signature', () => {
  it('ids are C- and 16 base32 characters from 80 random bits', () => {
    expect(ID).toBe('C-AAAQEAYEAUDAOCAJ');
    expect(certificateIdFrom(new Uint8Array(10).fill(255))).toBe('C-7777777777777777');
  });

  it('states hours by category in the programme order, the total and the events', () => {
    const statement = JSON.parse(issued().statement);
    expect(statement).toMatchObject({
      certificateId: ID,
      volunteerId: 'V-1',
      name: '张三丰',
      categories: [
        { category: 'elderly-care', minutes: 135, events: 3 },
        { category: 'environment', minutes: 30, events: 1 },
      ],
      totalMinutes: 165,
      events: 4,
      keyId: signer.keyId,
    });
  });

  it('a stored certificate signed by central is genuine, and says what it states', () => {
    const checked = verifyStored(ID, issued(), signer);
    expect(checked).toMatchObject({ verdict: 'genuine', statement: { name: '张三丰', totalMinutes: 165 } });
  });

  it('any changed byte of the statement makes it not genuine', () => {
    const cert = issued();
    const bytes = Buffer.from(cert.statement, 'utf8');
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i]! ^ 0x01;
      expect(verifyStored(ID, { ...cert, statement: changed.toString('utf8') }, signer), `byte ${i}`).toEqual({ verdict: 'not-genuine' });
    }
  });

  it('any changed byte of the signature makes it not genuine, and so does another key', () => {
    const cert = issued();
    const signature = Buffer.from(cert.signature, 'base64url');
    for (let i = 0; i < signature.length; i++) {
      const changed = Buffer.from(signature);
      changed[i] = changed[i]! ^ 0x80;
      expect(verifyStored(ID, { ...cert, signature: changed.toString('base64url') }, signer), `byte ${i}`).toEqual({ verdict: 'not-genuine' });
    }
    expect(verifyStored(ID, { ...cert, signature: `${cert.signature}A` }, signer)).toEqual({ verdict: 'not-genuine' });
    expect(verifyStored(ID, cert, other)).toEqual({ verdict: 'not-genuine' });
    expect(verifyStored(ID, { ...cert, keyId: other.keyId }, other)).toEqual({ verdict: 'not-genuine' });
  });

  it('a genuine statement stored under another id or volunteer is not genuine', () => {
    const cert = issued();
    expect(verifyStored('C-BBBBBBBBBBBBBBBB', { ...cert, id: 'C-BBBBBBBBBBBBBBBB' }, signer)).toEqual({ verdict: 'not-genuine' });
    expect(verifyStored(ID, { ...cert, volunteerId: 'V-2' }, signer)).toEqual({ verdict: 'not-genuine' });
  });

  it('a revoked certificate is genuine but revoked; an unknown one is unknown', () => {
    expect(verifyStored(ID, { ...issued(), revokedAt: '2026-08-01T00:00:00.000Z', revokedBy: 'manager:alice', revokeReason: 'issued by mistake' }, signer)).toMatchObject({
      verdict: 'revoked',
      revokedAt: '2026-08-01T00:00:00.000Z',
      statement: { certificateId: ID },
    });
    expect(verifyStored(ID, undefined, signer)).toEqual({ verdict: 'unknown' });
  });
});
