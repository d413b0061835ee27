import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createClient, type EidClient } from '@dinhdanh/client'
import {
  connectToProvider,
  type ExampleConfig,
  loadConfig,
  loadSiteConfig,
  type SiteConfig,
} from './config.js'
import {
  type EidProfile,
  loadVneidSettings,
  pkcs1DecryptionSupported,
  profileOf,
  VNEID_PLAIN_NOTE,
  vneidClientOptions,
} from './vneid.js'

/** A Node request listener: an Express app, or `getRequestListener(app.fetch)` for Hono. */
export type Listener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * What an example's `build` gets: its client, its configuration, the address it listens on. `C` is the
 * standard profile's configuration (with the private key), or, for an example that can run on the VNeID
 * dialect, either that or the dialect's (no key).
 *
 * @example
 * ```ts
 * const build = ({ client, config }: RunDeps) => createApp({ client, config })
 * ```
 */
export interface RunDeps<C extends SiteConfig = ExampleConfig> {
  client: EidClient
  config: C
  profile: EidProfile
  host: string
}

/** What {@link runExample} needs to know about an example. */
interface RunSpec<C extends SiteConfig> {
  /** The line printed once it listens, e.g. `Hãng bay Cánh Cò (travel example)`. */
  name: string
  defaults: { PORT: string; EID_CLIENT_ID: string }
  build(deps: RunDeps<C>): Listener | Promise<Listener>
}

/**
 * Starts an example (its `src/server.ts` is one call to this): reads the environment (`--env-file=.env`),
 * creates the client (waiting for the provider in the standard profile; the VNeID dialect with
 * `EID_PROFILE=vneid` when `dialect` is allowed), builds the app, listens on `HOST` (loopback by default)
 * and stops on SIGTERM/SIGINT. Any configuration problem ends the process with its message and exit 1,
 * never a stack trace.
 *
 * @example
 * ```ts
 * await runExample({ name: 'Hãng bay Cánh Cò (travel example)', defaults: { PORT: '3003', EID_CLIENT_ID: 'demo-travel' },
 *   build: ({ client, config }) => createApp({ client, config: config as ExampleConfig }) })
 * ```
 */
export async function runExample(spec: RunSpec<ExampleConfig> & { dialect?: false }): Promise<void>
export async function runExample(spec: RunSpec<ExampleConfig | SiteConfig> & { dialect: true }): Promise<void>
export async function runExample(
  spec: RunSpec<ExampleConfig | SiteConfig> & { dialect?: boolean },
): Promise<void> {
  // The address the app listens on: loopback unless HOST says otherwise (an empty HOST counts as unset).
  const host = process.env.HOST?.trim() || '127.0.0.1'
  let listener: Listener
  let config: ExampleConfig | SiteConfig
  try {
    const profile: EidProfile = spec.dialect ? profileOf(process.env) : 'standard'
    let client: EidClient
    if (profile === 'vneid') {
      config = loadSiteConfig(process.env, spec.defaults)
      const settings = loadVneidSettings(process.env)
      if (settings.envelopeKey === undefined) {
        console.warn(
          pkcs1DecryptionSupported()
            ? 'VNeID dialect in plain mode: no EID_ENVELOPE_KEY_FILE, so the provider must have "encrypt": false for this client.'
            : VNEID_PLAIN_NOTE,
        )
      }
      // No discovery in the dialect: nothing to wait for. On Node.js 20 an envelope key is refused here
      // with ERR_EID_UNSUPPORTED, which says to use Node.js 22 or later.
      client = await createClient(vneidClientOptions(config, settings))
    } else {
      const standard = loadConfig(process.env, spec.defaults)
      config = standard
      client = await connectToProvider(
        {
          issuer: standard.issuer,
          clientId: standard.clientId,
          clientAuth: { method: 'private_key_jwt', privateJwk: standard.privateJwk },
          redirectUri: `${standard.baseUrl}/auth/callback`,
        },
        { log: (message) => console.warn(message) },
      )
    }
    listener = await spec.build({ client, config, profile, host })
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
  const server = createServer(listener).listen(config.port, host, () => {
    console.log(`${spec.name} on ${config.baseUrl}`)
  })
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => server.close(() => process.exit(0)))
}
