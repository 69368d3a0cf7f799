// `npm run docs`: regenerates docs/data-model.md from the model (a test fails when it is out of date).
import { writeFileSync } from 'node:fs';
import { renderDataModelDoc } from '#shared/model/dataModelDoc.ts';

writeFileSync(new URL('../docs/data-model.md', import.meta.url), renderDataModelDoc());
console.log('docs/data-model.md written');
