/**
 * The layout checks of a phone-sized screen (#15, point 10): nothing wider than the screen (a table that
 * overflows makes the whole page scroll sideways or clips), no card squeezed to a fraction of the width,
 * and no two buttons that touch or overlap.
 */
import type { Page } from 'playwright-core'

/** The screen of a common phone (iPhone 12 to 15), in CSS pixels. */
export const PHONE = { width: 390, height: 844 }

/** What is wrong with the layout of the page shown, one line each (empty when nothing is). */
export interface LayoutProblems {
  /** The page's scroll width beyond the screen's, with the elements that stick out. */
  overflow: string[]
  /** Buttons (and links styled as buttons) less than 4 px apart, or overlapping. */
  touching: string[]
}

/**
 * Measures the page as laid out now. Runs in the page through the DevTools protocol, which the pages'
 * CSP (`script-src 'none'`) does not govern.
 *
 * @example
 * ```ts
 * expect(await layoutProblems(page)).toEqual({ overflow: [], touching: [] })
 * ```
 */
export function layoutProblems(page: Page): Promise<LayoutProblems> {
  return page.evaluate(() => {
    const describe = (element: Element) => {
      const id = element.id ? `#${element.id}` : ''
      const classes = [...element.classList].map((name) => `.${name}`).join('')
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      return `${element.tagName.toLowerCase()}${id}${classes} "${text}"`
    }
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect()
      const style = getComputedStyle(element)
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
    }
    const screen = document.documentElement.clientWidth
    const overflow: string[] = []
    if (document.documentElement.scrollWidth > screen) {
      overflow.push(`the page is ${document.documentElement.scrollWidth} px wide on a ${screen} px screen`)
      // The innermost elements that stick out, or whose content (a long line of text) does.
      const wide = [...document.body.querySelectorAll('*')].filter((element) => {
        if (!visible(element)) return false
        const box = element.getBoundingClientRect()
        return Math.max(box.right, box.left + element.scrollWidth) > screen + 0.5
      })
      const innermost = wide.filter(
        (element) => !wide.some((other) => other !== element && element.contains(other)),
      )
      for (const element of innermost.slice(0, 8)) {
        const box = element.getBoundingClientRect()
        overflow.push(
          `${describe(element)} ends at ${Math.round(Math.max(box.right, box.left + element.scrollWidth))} px`,
        )
      }
    }
    const buttons = [...document.querySelectorAll('button, .button, input[type=submit]')].filter(visible)
    const touching: string[] = []
    const GAP = 4
    buttons.forEach((a, i) => {
      for (const b of buttons.slice(i + 1)) {
        if (a.contains(b) || b.contains(a)) continue
        const p = a.getBoundingClientRect()
        const q = b.getBoundingClientRect()
        const apart =
          p.right + GAP <= q.left ||
          q.right + GAP <= p.left ||
          p.bottom + GAP <= q.top ||
          q.bottom + GAP <= p.top
        if (!apart) touching.push(`${describe(a)} and ${describe(b)}`)
      }
    })
    return { overflow, touching }
  })
}

/**
 * The width of an element as a fraction of the page's (its scroll width: a page that overflows the
 * screen makes a card that fills its column look narrow).
 *
 * @example
 * ```ts
 * expect(await widthShare(page, '#queue-ticket')).toBeGreaterThan(0.85)
 * ```
 */
export function widthShare(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .evaluate((element) => element.getBoundingClientRect().width / document.documentElement.scrollWidth)
}
