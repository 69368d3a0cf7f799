import type { Handlers, Services } from '#shared/engine.ts';
import { generateDemo } from './generateDemo.ts';

export function demoHandlers(_s: Services): Handlers<'demo.generate'> {
  return {
    'demo.generate': (args, ctx) => generateDemo(args, ctx),
  };
}
