import type { Page } from 'playwright-core'
import type { Demo } from '../support/demo.js'

/** What each journey test gets: the running demo and a fresh browser tab (its own profile). */
export interface JourneyContext {
  demo: Demo
  page: Page
}

/** Registers one example's journeys; `use()` gives each test its fresh context. */
export type Journeys = (use: () => Promise<JourneyContext>) => void
