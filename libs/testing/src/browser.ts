import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';

/**
 * The machine's browser: Debian's chromium (`apt-get install chromium`; `.ci/run` installs it).
 * playwright-core drives it and downloads none of its own. CHROMIUM_PATH names another binary.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const INSTALL_HINT = "install Debian's chromium (apt-get install chromium), or set CHROMIUM_PATH to a Chromium binary";

/**
 * Launches the machine's chromium, headless. A missing or broken browser is an error that says
 * how to install one, never a skipped test: browser tests that quietly do not run prove nothing.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no browser at ${CHROMIUM_PATH}: ${INSTALL_HINT}`);
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
  } catch (error) {
    throw new Error(`could not launch ${CHROMIUM_PATH}: ${error instanceof Error ? error.message : String(error)}; ${INSTALL_HINT}`, { cause: error });
  }
}

/** The dashboard's size in the README's screenshots and in the tests. */
export const DASHBOARD_VIEWPORT = { width: 1280, height: 800 };

/**
 * Signs in through the dashboard's form at `<gatewayUrl>/ui/sign-in` (or wherever `path` sends an
 * unsigned visitor) and waits until the page has left the sign-in page.
 */
export async function signInToDashboard(page: Page, gatewayUrl: string, person: { email: string; password: string }, path = '/ui/jobs'): Promise<void> {
  await page.goto(`${gatewayUrl}${path}`);
  await page.getByTestId('signin-email').fill(person.email);
  await page.getByTestId('signin-password').fill(person.password);
  await page.getByTestId('signin-submit').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

/**
 * Retries `assertion` (jest's expect on something read from the page, say) until it passes, and
 * fails with its last error after `timeoutMs`: for conditions no single Playwright locator
 * waits for, such as "every row is RUNNING".
 */
export async function eventually<T>(assertion: () => Promise<T> | T, { timeoutMs = 10_000, intervalMs = 100 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) {
        if (error instanceof Error) error.message = `still failing after ${timeoutMs} ms: ${error.message}`;
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
