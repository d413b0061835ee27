/**
 * `@dinhdanh/testing/browser`: a cookie-keeping test browser on `fetch`, to drive your app and the mock
 * provider over real HTTP in a test. The browser of this repository's own tests.
 *
 * @packageDocumentation
 */
export {
  Browser,
  type BrowserOptions,
  type Form,
  type Page,
  type RequestOptions,
  type StopAt,
} from './browser.js'
export {
  CookieJar,
  type CookieJarOptions,
  MAX_COOKIE_BYTES,
  type ParsedSetCookie,
  parseSetCookie,
  type StoredCookie,
} from './cookie-jar.js'
export { decodeEntities, type FormInfo, fieldValue, findForm, textOf } from './forms.js'
export {
  confirmProviderLogout,
  followToRedirectUri,
  type ProviderVisit,
  throughProvider,
} from './provider.js'
