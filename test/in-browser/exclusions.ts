/**
 * Engine test files that are NOT re-run in the Chromium worker. Only for tests whose subject is Node-only
 * behaviour; a test that fails in the browser because the engine assumes Node is a bug in the engine, not a
 * reason to list it here. Each entry is reported in the suite's output, never skipped silently.
 */
export const IN_BROWSER_EXCLUSIONS: ReadonlyMap<string, string> = new Map<string, string>([]);
