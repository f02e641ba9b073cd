/** Types of turbo-pipeline.mjs (plain JavaScript repository tooling, run after the CLI is built). */
export interface TurboTaskSummary {
  task: string;
  taskId?: string;
  cache: { status: string; timeSaved?: number };
  execution: { startTime: number; endTime: number; exitCode?: number };
}
export interface TurboRunSummary {
  tasks: TurboTaskSummary[];
  execution: { startTime: number; endTime: number; exitCode?: number };
}
export function rewriteTurboLine(
  line: string,
  state: { summaryPath: string | null; keepFooter: boolean },
): string | null;
export function describePipelineRun(summary: TurboRunSummary, metrics: unknown): string[];
export function underPnpmPipeline(pid?: number): boolean;
