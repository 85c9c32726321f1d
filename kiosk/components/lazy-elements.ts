/**
 * Screens and panels that the first QR does not need, each in its own chunk, loaded
 * the first time the app shell wants to show it (KioskApp renders it once defined).
 * The service worker precaches every chunk, so an offline kiosk opens them too.
 */
const LOADERS = {
  'activities-screen': () => import('./activities-screen.ts'),
  'announcement-banner': () => import('./announcement-banner.ts'),
  'desk-prompt': () => import('./desk-prompt.ts'),
  'identify-overlay': () => import('./identify-overlay.ts'),
  'manager-panel': () => import('./manager-panel.ts'),
  'pairing-panel': () => import('./pairing-panel.ts'),
  'perks-screen': () => import('./perks-screen.ts'),
  'rewards-screen': () => import('./rewards-screen.ts'),
  'stations-screen': () => import('./stations-screen.ts'),
} satisfies Record<string, () => Promise<unknown>>;

export type LazyElementName = keyof typeof LOADERS;

const loads = new Map<LazyElementName, Promise<boolean>>();

/** Starts loading `name` once; true when it is defined. A failed load is tried again the next time it is needed. */
export function ensureElement(name: LazyElementName): Promise<boolean> {
  let load = loads.get(name);
  if (!load) {
    load = LOADERS[name]().then(
      () => true,
      (err: unknown) => {
        loads.delete(name);
        console.error(`kiosk: could not load ${name}`, err);
        return false;
      },
    );
    loads.set(name, load);
  }
  return load;
}

/** `name` has been defined: its methods may be called. */
export function isElementReady(name: LazyElementName): boolean {
  return customElements.get(name) !== undefined;
}
