/**
 * Timings read inside the page, frame by frame, rather than by Playwright's polling
 * (which backs off to 500 ms between checks and so adds up to that much to a figure).
 * Times are epoch milliseconds from `performance.timeOrigin + performance.now()`, on
 * the same machine clock as the bench process, so a moment taken in Node (a publish)
 * and one taken in the page (a frame) can be subtracted.
 */
import type { Page } from 'playwright-core';

declare global {
  interface Window {
    __benchClickAt?: number;
    __benchLongTasks?: { count: number; totalMs: number; maxMs: number };
    __benchFrameWhen?: (selector: string, text: string | undefined) => Promise<number>;
  }
}

export const epochNow = (): number => performance.timeOrigin + performance.now();

// A string, not a function: tsx would wrap named functions in a `__name` helper the page lacks.
const IN_PAGE_TIMERS = `(() => {
  const epoch = () => performance.timeOrigin + performance.now();
  window.addEventListener('click', () => (window.__benchClickAt = epoch()), { capture: true });
  // Main-thread tasks over 50 ms (Long Tasks API): what a manager feels as a frozen page.
  window.__benchLongTasks = { count: 0, totalMs: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) {
      const sum = window.__benchLongTasks;
      sum.count++;
      sum.totalMs += task.duration;
      sum.maxMs = Math.max(sum.maxMs, task.duration);
    }
  }).observe({ type: 'longtask' });
  // The apps' elements live in shadow roots, so the search walks into each of them;
  // 'a >>> b' finds a, then b inside a's own shadow root.
  const deepQuery = (root, selector) => {
    const steps = selector.split(' >>> ');
    if (steps.length > 1) {
      let scope = root;
      let found = null;
      for (const step of steps) {
        found = scope && deepFind(scope, step);
        scope = found && found.shadowRoot;
      }
      return found;
    }
    return deepFind(root, selector);
  };
  const deepFind = (root, selector) => {
    const hit = root.querySelector(selector);
    if (hit) return hit;
    for (const element of root.querySelectorAll('*')) {
      if (!element.shadowRoot) continue;
      const inner = deepFind(element.shadowRoot, selector);
      if (inner) return inner;
    }
    return null;
  };
  window.__benchFrameWhen = (selector, text) =>
    new Promise((resolve) => {
      const check = () => {
        const element = deepQuery(document, selector);
        // Resolved in the frame after the one that found it: by then it has been painted.
        if (element && (text === undefined || (element.textContent ?? '').trim() === text)) requestAnimationFrame(() => resolve(epoch()));
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
})()`;

/** Installs the page-side helpers: the moment of the next click, and "first frame at which". */
export async function installInPageTimers(page: Page): Promise<void> {
  await page.evaluate(IN_PAGE_TIMERS);
}

/** Epoch ms of the frame after the first one in which `selector` (whose whole text is `text`, if given) exists. */
export function frameWhen(page: Page, selector: string, text?: string): Promise<number> {
  return page.evaluate(([s, t]) => window.__benchFrameWhen!(s!, t), [selector, text] as const);
}

/** Long tasks since the timers were installed, or since the last call. */
export async function takeLongTasks(page: Page): Promise<{ count: number; totalMs: number; maxMs: number }> {
  return page.evaluate(() => {
    const sum = window.__benchLongTasks!;
    window.__benchLongTasks = { count: 0, totalMs: 0, maxMs: 0 };
    return sum;
  });
}

export async function lastClickAt(page: Page): Promise<number> {
  const at = await page.evaluate(() => window.__benchClickAt);
  if (at === undefined) throw new Error('bench: the page saw no click');
  return at;
}
