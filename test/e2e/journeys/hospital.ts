import type { Journeys } from './context.js'

/** Written once the hospital example exists. */
export const hospitalJourneys: Journeys = () => {}
