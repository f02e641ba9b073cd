import { EXPORT_COMMAND } from '../../format.js';
import { MissingFileError } from '../data-source.js';
import { h } from '../dom.js';

/** A loading line with a spinner. */
export function loadingView(what: string): HTMLElement {
  return h('p', { class: 'loading', 'data-testid': 'loading' }, h('span', { class: 'spinner' }), ` ${what}…`);
}

/**
 * What the page shows when it cannot run: for missing files, which file and the command that creates it;
 * for anything else, the error itself. Never a blank page.
 */
export function failureView(error: unknown): HTMLElement {
  if (error instanceof MissingFileError)
    return h(
      'section',
      { class: 'panel failure', 'data-testid': 'missing-data' },
      h('h2', {}, 'Model or data files missing'),
      h(
        'p',
        {},
        'The demo reads the model and one test day exported from a pipeline run. Could not load ',
        h('code', {}, error.url),
        `: ${error.reason}.`,
      ),
      h('p', {}, 'Run the pipeline, then export a day and start the demo, from the repository root:'),
      h('pre', {}, EXPORT_COMMAND),
      h(
        'p',
        { class: 'muted' },
        'The export writes apps/demo/public/data/ (the model files, metrics, training history and the candidates of a sample of users).',
      ),
    );
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return h(
    'section',
    { class: 'panel failure', 'data-testid': 'error' },
    h('h2', {}, 'Something went wrong'),
    h('pre', {}, message),
  );
}
