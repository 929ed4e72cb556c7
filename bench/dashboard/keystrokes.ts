import { HttpClient } from '@jobstream/testing';
import type { Page } from 'playwright-core';

/** What the page recorded for one search, in its own clock (performance.now()). */
interface PageTiming {
  lastInputAt: number;
  /** The DOM change that put the answer for the search on screen. */
  domAt: number;
  /** The next animation frame after it: the answer drawn. */
  drawnAt: number;
}

export interface KeystrokeRun {
  /** Milliseconds between keys, as a quick typist types. */
  keyDelayMs: number;
  /** Per search, in order: last keystroke → results drawn. */
  drawnMs: number[];
  /** Per search: last keystroke → the DOM updated (before the frame). */
  domMs: number[];
  /** Searches whose count on the page differed from GET /jobs's for the same q (should be none). */
  mismatches: string[];
}

/**
 * Runs in the page (JavaScript: this project's TypeScript has no DOM types), installed before the
 * dashboard loads: remembers the time of the last keystroke in the search box and, once told the
 * search to wait for, watches the DOM until the URL's q is exactly that search and the results
 * table no longer shows the previous answer (aria-busy="false" on [data-testid=results], which
 * the jobs page sets while react-query shows placeholder data), then takes the time of the next
 * frame. `window.dashboardBench.expect(term)` arms it; `.result()` answers the times, or null.
 */
const PROBE = `(() => {
  const state = { target: null, lastInputAt: 0, result: null, waitingForFrame: false };
  document.addEventListener('input', (event) => {
    if (event.target && event.target.dataset && event.target.dataset.testid === 'search-input') state.lastInputAt = performance.now();
  }, true);
  const check = () => {
    if (state.target === null || state.waitingForFrame) return;
    const q = new URLSearchParams(location.search).get('q') ?? '';
    const table = document.querySelector('[data-testid="results"]');
    if (q !== state.target || !table || table.getAttribute('aria-busy') !== 'false') return;
    const domAt = performance.now();
    state.waitingForFrame = true;
    requestAnimationFrame(() => {
      state.result = { lastInputAt: state.lastInputAt, domAt, drawnAt: performance.now() };
      state.target = null;
      state.waitingForFrame = false;
    });
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  window.dashboardBench = {
    expect(term) { state.target = term; state.result = null; },
    result: () => state.result,
  };
})();`;

/** True once the URL has no q and the table shows its answer: the box cleared and settled. */
const UNFILTERED_SETTLED = `!new URLSearchParams(location.search).has('q') && document.querySelector('[data-testid="results"]')?.getAttribute('aria-busy') === 'false'`;

/** Adds the probe to every document the page loads from now on. */
export const addKeystrokeProbe = (page: Page) => page.addInitScript({ content: PROBE });

/**
 * Types each term into the jobs page's search box, one key every `keyDelayMs`, after clearing the
 * box and waiting for the unfiltered results; measures from the last keystroke to the answer for
 * exactly that term drawn. Each term is new to the page, so no cached answer shortens the wait.
 * Then checks the count shown against GET /jobs?q=<term>.
 */
export async function measureKeystrokes(page: Page, api: HttpClient, terms: string[], keyDelayMs: number): Promise<KeystrokeRun> {
  const input = page.getByTestId('search-input');
  const run: KeystrokeRun = { keyDelayMs, drawnMs: [], domMs: [], mismatches: [] };
  for (const term of terms) {
    await input.fill('');
    await page.waitForFunction(UNFILTERED_SETTLED);
    await page.evaluate(`window.dashboardBench.expect(${JSON.stringify(term)})`);
    await input.pressSequentially(term, { delay: keyDelayMs });
    const handle = await page.waitForFunction('window.dashboardBench.result()', undefined, { timeout: 30_000 });
    const timing = (await handle.jsonValue()) as PageTiming;
    run.drawnMs.push(timing.drawnAt - timing.lastInputAt);
    run.domMs.push(timing.domAt - timing.lastInputAt);

    const shown = await page.getByTestId('total').textContent();
    const { body } = await api.get(`/jobs?q=${encodeURIComponent(term)}&size=1`);
    if (shown !== String(body.total)) run.mismatches.push(`${term}: the page shows ${shown}, GET /jobs ${body.total}`);
  }
  return run;
}
