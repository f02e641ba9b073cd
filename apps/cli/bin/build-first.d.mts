/** Types of build-first.mjs (plain JavaScript, because it runs before anything is built). */
export function runQuietly(
  command: string,
  args: readonly string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv },
): { status: number; output: string };
export function sourceCheckoutRoot(packageDir: string): string | null;
export function buildIfSourceCheckout(packageUrl: URL): void;
