export { formatRealismReport } from './format-report.js'
export {
  type PopulationSampleOptions,
  populationSample,
  REALISM_TOLERANCES,
  type RealismReport,
  type ReportRow,
  type ReportSection,
  realismReport,
} from './realism-report.js'
