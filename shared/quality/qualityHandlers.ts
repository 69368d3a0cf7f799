import { ExpectedError } from '#shared/api/errors.ts';
import type { Handlers, Services } from '#shared/engine.ts';

export function qualityHandlers(_s: Services): Handlers<'quality.report'> {
  return {
    'quality.report': () => {
      throw new ExpectedError('INTERNAL', 'quality report not built yet');
    },
  };
}
