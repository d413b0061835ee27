import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { generateKeyPairJwks, KEYGEN_ALGS, type KeygenAlg } from './keygen.js'

const USAGE = `Usage: npx @dinhdanh/client keygen [--alg ${KEYGEN_ALGS.join('|')}] [--kid <id>] [--out <file>] [--json]

Makes a key pair for a relying party:
  the private JWK, for your app's secret store (e.g. EID_PRIVATE_JWK): clientAuth.privateJwk,
    or decryptionJwks with an encryption algorithm (ECDH-ES+A256KW, RSA-OAEP-256);
  the public JWK and a JWKS, to register with the provider ("jwks" of the client registration).

  --alg   ES256 (default), ES384, PS256, RS256, EdDSA for signing; ECDH-ES+A256KW, RSA-OAEP-256 for encryption
  --kid   the key id (default: the key's RFC 7638 thumbprint)
  --out   write the private JWK to this file (created with mode 0600; an existing file is not overwritten)
          instead of printing it
  --json  print one JSON object { privateJwk, publicJwk, jwks } (privateJwk omitted with --out)
`

/** Runs the command line; returns the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE)
    return 0
  }
  if (command !== 'keygen') {
    process.stderr.write(
      `${command === undefined ? 'A command is needed.' : `Unknown command "${command}".`}\n\n${USAGE}`,
    )
    return 2
  }
  let values: { alg?: string; kid?: string; out?: string; json?: boolean; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: [...rest],
      options: {
        alg: { type: 'string' },
        kid: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  const alg = values.alg ?? 'ES256'
  if (!(KEYGEN_ALGS as readonly string[]).includes(alg)) {
    process.stderr.write(
      `Unsupported --alg "${alg.slice(0, 40)}": expected one of ${KEYGEN_ALGS.join(', ')}.\n`,
    )
    return 2
  }
  if (values.kid !== undefined && !/^[\w.-]{1,64}$/.test(values.kid)) {
    process.stderr.write('Invalid --kid: expected 1-64 characters of [A-Za-z0-9_.-].\n')
    return 2
  }
  const { privateJwk, publicJwk, jwks } = await generateKeyPairJwks(alg as KeygenAlg, values.kid)
  if (values.out !== undefined) {
    try {
      // 'wx': never overwrite a key someone relies on; 0o600: only the owner reads the private key.
      writeFileSync(values.out, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      process.stderr.write(
        code === 'EEXIST'
          ? `${values.out} exists; not overwritten (choose another --out, or remove it first).\n`
          : `Could not write ${values.out} (${code ?? 'error'}).\n`,
      )
      return 1
    }
  }
  if (values.json) {
    const output = values.out === undefined ? { privateJwk, publicJwk, jwks } : { publicJwk, jwks }
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`)
    return 0
  }
  const use = publicJwk.use === 'enc' ? 'decryptionJwks' : 'clientAuth.privateJwk'
  const lines =
    values.out === undefined
      ? [
          `# PRIVATE key (${alg}, kid ${publicJwk.kid}): keep it secret, in your app's secret store or an`,
          `# environment variable (e.g. EID_PRIVATE_JWK), never in the repository. It is ${use}.`,
          JSON.stringify(privateJwk),
          '',
        ]
      : [
          `# PRIVATE key (${alg}, kid ${publicJwk.kid}) written to ${values.out} (mode 0600). It is ${use}.`,
          '',
        ]
  lines.push(
    '# PUBLIC key: register it with the provider; it may be shared.',
    JSON.stringify(publicJwk),
    '',
    '# The same as a JWKS, for the "jwks" of the client registration:',
    JSON.stringify(jwks),
  )
  process.stdout.write(`${lines.join('\n')}\n`)
  return 0
}

process.exitCode = await main(process.argv.slice(2))
