/**
 * How the console's browser tests and benchmarks run Chromium: Debian's build (a downloaded one
 * does not work here; TRADELANE_CHROMIUM names another), headless, without a sandbox, GPU or
 * background traffic, at one window size and locale. Options for playwright-core's launch calls.
 */

/** The browser's executable. */
export const CHROMIUM = process.env.TRADELANE_CHROMIUM ?? '/usr/bin/chromium';

/** `chromium.launch` / `launchPersistentContext` options. */
export const CHROMIUM_LAUNCH = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** A page's window size and locale (`newContext` / `launchPersistentContext` options). */
export const CONSOLE_VIEWPORT = { viewport: { width: 1280, height: 800 }, locale: 'en-US' };
