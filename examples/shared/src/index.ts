export {
  configurationError,
  connectToProvider,
  type ExampleConfig,
  isPlaceholderSecret,
  loadConfig,
  loadSiteConfig,
  type SiteConfig,
} from './config.js'
export {
  type ExplainSignInError,
  friendlySignInErrors,
  type ProblemTexts,
  problemOf,
  type SignInProblem,
  sendSignInError,
  unexpectedErrors,
} from './errors.js'
export { fromThisSite, readCookie, sameSecret, signedInFormValid } from './forms.js'
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
export { type Listener, type RunDeps, runExample } from './run.js'
export {
  type EidProfile,
  loadVneidSettings,
  pkcs1DecryptionSupported,
  profileOf,
  VNEID_PLAIN_NOTE,
  type VneidSettings,
  vneidClientOptions,
} from './vneid.js'
