export { connectToProvider, type ExampleConfig, loadConfig } from './config.js'
export { friendlySignInErrors, type ProblemTexts, problemOf, type SignInProblem } from './errors.js'
export { escapeHtml, html, raw, SafeHtml } from './html.js'
export { formatDate, formatVnd, type Lang, langOf, languageSwitch, speaker, uiLocaleOf } from './i18n.js'
export {
  type Bilingual,
  type Brand,
  type DataRow,
  notice,
  type PageOptions,
  renderPage,
  sharedDataPanel,
  siteBasics,
} from './layout.js'
