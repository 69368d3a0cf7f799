import { ExpectedError } from '#shared/api/errors.ts';
import type { Handlers, Services } from '#shared/engine.ts';

export function demoHandlers(_s: Services): Handlers<'demo.generate'> {
  return {
    'demo.generate': () => {
      throw new ExpectedError('INTERNAL', 'demo generator not built yet');
    },
  };
}
