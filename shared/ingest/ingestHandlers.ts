import { ExpectedError } from '#shared/api/errors.ts';
import type { Handlers, Services } from '#shared/engine.ts';

const notYet = (): never => {
  throw new ExpectedError('INTERNAL', 'import pipeline not built yet');
};

export function ingestHandlers(_s: Services): Handlers<'ingest.preview' | 'ingest.run' | 'ingest.templates' | 'ingest.saveTemplate' | 'rejects.page' | 'rejects.export'> {
  return {
    'ingest.preview': notYet,
    'ingest.run': notYet,
    'ingest.templates': notYet,
    'ingest.saveTemplate': notYet,
    'rejects.page': notYet,
    'rejects.export': notYet,
  };
}
