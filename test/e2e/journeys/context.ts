import type { Page } from 'playwright-core'
import type { Demo } from '../support/demo.js'

/** What each journey test gets: the running demo and a fresh browser tab (its own profile). */
export interface JourneyContext {
  demo: Demo
  page: Page
  /** A tab in another browser profile (another device: the patient's phone). */
  newPage(viewport?: { width: number; height: number }): Promise<Page>
}

/** Registers one example's journeys; `use()` gives each test its fresh context. */
export type Journeys = (use: () => Promise<JourneyContext>) => void
