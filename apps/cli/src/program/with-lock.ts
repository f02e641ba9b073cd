import { defineCommand } from './define.js';

export interface WithLockOptions {
  /** The command to run and its arguments (everything after `--`). */
  command?: string[];
}

export const withLockCommand = defineCommand<WithLockOptions>({
  name: 'with-lock',
  description:
    'run a command holding the workdir lock; the wemoms stages it starts run under that lock (pnpm pipeline runs turbo so)',
  options: (cmd) =>
    cmd
      .usage('[options] -- <command> [args...]')
      .allowExcessArguments(true)
      // The operands after `--` become the `command` option the handler receives.
      .hook('preAction', (self) => {
        self.setOptionValue('command', [...self.args]);
      }),
  load: () => import('../commands/with-lock.js'),
});
