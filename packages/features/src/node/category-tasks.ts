/**
 * The categories of one buildAllCategories call as a queue shared by every thread that builds them:
 * plain data (clonable to workers) plus a counter in shared memory, so a thread that finishes takes the
 * next category itself, without a round trip through a parent that may be busy building one.
 */
export interface CategoryTasks {
  readonly names: readonly string[];
  readonly paths: readonly string[];
  /** [0]: index of the next task; set past the end to stop every thread after its current task. */
  readonly next: Int32Array;
}

/** Tasks in the given order (biggest first, so the last ones to finish are short). */
export function categoryTasks(names: readonly string[], paths: readonly string[]): CategoryTasks {
  return { names, paths, next: new Int32Array(new SharedArrayBuffer(4)) };
}

/** The next task for the calling thread, or null when none is left (or the build was stopped). */
export function takeTask(tasks: CategoryTasks): { name: string; path: string } | null {
  const i = Atomics.add(tasks.next, 0, 1);
  return i < tasks.names.length ? { name: tasks.names[i], path: tasks.paths[i] } : null;
}

/** No thread takes a new task after this (a category failed). */
export function stopTasks(tasks: CategoryTasks): void {
  Atomics.store(tasks.next, 0, tasks.names.length);
}
