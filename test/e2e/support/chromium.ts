/**
 * Debian's Chromium driven by playwright-core (no browser download): where it is, how it is launched,
 * and where screenshots go.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'

/**
 * The Chromium binary: `CHROMIUM_PATH` when set (and only it), else Debian's. `undefined` when absent: the
 * tests then skip, loudly.
 */
const wanted = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const CHROMIUM_PATH = existsSync(wanted) ? wanted : undefined

/** Where screenshots are written: `SCREENSHOT_DIR` (the regeneration script sets `docs/screenshots`). */
export const SCREENSHOT_DIR = resolve(
  process.env.SCREENSHOT_DIR ?? join(import.meta.dirname, '..', '.screenshots'),
)

/** Launches a headless Chromium with a fresh profile that reaches loopback only. */
export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error('Chromium not found')
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      // The examples' public origin is http://localhost:<port>; they listen on 127.0.0.1.
      '--host-resolver-rules=MAP localhost 127.0.0.1',
    ],
  })
}

/** Saves a full-page screenshot as `<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}
