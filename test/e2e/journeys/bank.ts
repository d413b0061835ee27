import type { Journeys } from './context.js'

/** Written once the bank example exists. */
export const bankJourneys: Journeys = () => {}
