/**
 * oidc-provider 9, the mock's engine, asks for Node 22 LTS or a later LTS release and, as it loads on any
 * other runtime (Node 20, which this kit supports and tests, among them), prints `oidc-provider WARNING:
 * Unsupported runtime`. The command loads it through {@link loadExplainingRuntime}, which says once what
 * that means instead (as scripts/test.mjs does for the test run).
 */
const WARNING = 'oidc-provider WARNING: Unsupported runtime'

/** The one line printed instead of oidc-provider's warning. */
export function runtimeNotice(version: string = process.version): string {
  return `mock-idp: Node ${version} is not among the runtimes oidc-provider 9 (the mock's engine) supports (Node 22 LTS or a later LTS), and that is fine: the mock is tested on Node 20.19+ and 24.`
}

/**
 * Runs `load` (an `import()` of modules that load oidc-provider) with oidc-provider's "Unsupported
 * runtime" warning held back, then writes {@link runtimeNotice} once if the warning came. Every other
 * warning passes through.
 *
 * @example
 * ```ts
 * const { createMockIdp } = await loadExplainingRuntime(() => import('./server.js'))
 * ```
 */
export async function loadExplainingRuntime<T>(
  load: () => Promise<T>,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<T> {
  const warn = console.warn
  let warned = false
  console.warn = (...args: unknown[]) => {
    // oidc-provider colours it on a terminal, so the text is looked for, not matched at the start.
    if (typeof args[0] === 'string' && args[0].includes(WARNING)) warned = true
    else warn.apply(console, args)
  }
  try {
    return await load()
  } finally {
    console.warn = warn
    if (warned) write(runtimeNotice())
  }
}
