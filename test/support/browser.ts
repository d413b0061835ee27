/**
 * The test browser of the repository's tests is `@dinhdanh/testing/browser` (issue #11): import it from
 * there. This module stays only so that importers outside `test/` (the benches) keep working; it holds no
 * logic of its own.
 */
export { CookieJar, followToRedirectUri } from '@dinhdanh/testing/browser'
