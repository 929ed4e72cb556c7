import { DASHBOARD_VIEWPORT } from '@jobstream/testing';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContextOptions, Request } from 'playwright-core';

export interface FirstPageRun {
  /** The JavaScript files /ui/jobs loads before its first rows show. */
  jsFiles: { url: string; bytes: number; gzipBytes: number }[];
  jsBytes: number;
  /** What those files weigh gzipped (zlib's default level), as a compressing server or proxy would send them. */
  jsGzipBytes: number;
  /** Everything the page fetched until its first rows showed: headers and bodies as sent (the gateway does not compress). */
  transferredBytes: number;
  requests: number;
}

/**
 * Opens /ui/jobs signed in (`storageState`: the session cookie) in a new context with an empty
 * cache, as a person who opens the dashboard for the first time today, and weighs what it loads
 * until the first rows are on screen.
 */
export async function measureFirstPage(browser: Browser, gatewayUrl: string, storageState: BrowserContextOptions['storageState']): Promise<FirstPageRun> {
  const context = await browser.newContext({ storageState, viewport: DASHBOARD_VIEWPORT });
  try {
    const page = await context.newPage();
    const weighed: Promise<{ bytes: number; script?: { url: string; body: Buffer } }>[] = [];
    const weigh = async (request: Request) => {
      const sizes = await request.sizes();
      const response = await request.response();
      const script = request.resourceType() === 'script' && response ? { url: request.url(), body: await response.body() } : undefined;
      return { bytes: sizes.responseHeadersSize + sizes.responseBodySize, script };
    };
    const onFinished = (request: Request) => void weighed.push(weigh(request));
    page.on('requestfinished', onFinished);
    await page.goto(`${gatewayUrl}/ui/jobs`);
    await page.getByTestId('job-row').first().waitFor({ timeout: 30_000 });
    page.off('requestfinished', onFinished);

    const all = await Promise.all(weighed);
    const jsFiles = all.flatMap(({ script }) => (script ? [{ url: new URL(script.url).pathname, bytes: script.body.length, gzipBytes: gzipSync(script.body).length }] : []));
    return {
      jsFiles,
      jsBytes: jsFiles.reduce((sum, file) => sum + file.bytes, 0),
      jsGzipBytes: jsFiles.reduce((sum, file) => sum + file.gzipBytes, 0),
      transferredBytes: all.reduce((sum, { bytes }) => sum + bytes, 0),
      requests: all.length,
    };
  } finally {
    await context.close();
  }
}
