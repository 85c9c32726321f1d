/** The manager PIN is only ever compared as `sha256:<hex>` (KioskConfig.managerPinHash). */
export async function pinHash(pin: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pin));
  return `sha256:${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function pinMatches(pin: string, expectedHash: string | undefined): Promise<boolean> {
  if (!expectedHash) return false;
  return (await pinHash(pin)) === expectedHash;
}
