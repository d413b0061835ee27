import type { Journeys } from './context.js'

/** Written once the travel example exists. */
export const travelJourneys: Journeys = () => {}
