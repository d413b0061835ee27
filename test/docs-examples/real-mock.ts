import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CookieJar, followToRedirectUri } from '@dinhdanh/testing/browser'

/** An app as the guides build it: an Express app or a plain request listener. */
type Listener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * What a browser does in the guides' "first sign-in" step, against the real mock provider: open the app's
 * login route, go through the provider (which must auto-approve), come back to the app's callback at its
 * registered redirect URI (`http://localhost:3000/...`, served here by the app on an ephemeral port), and
 * open the page it redirects to. Returns that page.
 */
export async function signInThroughRealProvider(
  app: Listener,
  options: { loginPath: string; redirectUri: string },
): Promise<{ page: Response; callbackStatus: number }> {
  const server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const appJar = new CookieJar()
  const get = async (path: string) => {
    const url = new URL(path, origin)
    const cookie = appJar.header(url)
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} })
    appJar.store(url, response.headers.getSetCookie())
    return response
  }
  try {
    const login = await get(options.loginPath)
    const authorization = login.headers.get('location') ?? ''
    const callback = new URL(await followToRedirectUri(authorization, options.redirectUri))
    const back = await get(callback.pathname + callback.search)
    const next = back.headers.get('location')
    return { page: next === null ? back : await get(next), callbackStatus: back.status }
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}
