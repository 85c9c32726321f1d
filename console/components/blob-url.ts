/**
 * Download links on blob: URLs. The old blob is let go only once the page shows the link's
 * new address: revoked while the link still points at it, a click in between would cancel
 * that download.
 */
export async function swapBlobUrl(host: { readonly updateComplete: Promise<boolean> }, old: string, apply: () => void): Promise<void> {
  apply();
  await host.updateComplete;
  if (old) URL.revokeObjectURL(old);
}
