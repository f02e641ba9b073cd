/** Errors crossing a worker thread's boundary with what the CLI needs to report them. */

/** An error crossing the thread boundary: what the main thread needs to report it (fs code and path too). */
export interface WorkerError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  syscall?: string;
  path?: string;
}

/** The fields of `error` that survive postMessage, fs ones included (a plain clone drops `code`). */
export function serializeError(error: unknown): WorkerError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  return { name: error.name, message: error.message, stack: error.stack, code, syscall, path };
}

/** The Error a WorkerError describes, with its fs fields, so the CLI reports it like a local one. */
export function deserializeError(data: WorkerError): Error {
  const error = Object.assign(new Error(data.message), {
    code: data.code,
    syscall: data.syscall,
    path: data.path,
  });
  error.name = data.name;
  if (data.stack) error.stack = `${data.stack}\n    (in a worker thread)`;
  return error;
}
