/**
 * Stands in for `vitest` when the engine unit tests are bundled for a Chromium Web Worker (the build aliases
 * `vitest` to this file). `vitest` itself pulls in Node (workers, fs, its module runner), but its parts are
 * browser-safe: collection, hooks, timeouts, `.each` and reporting come from `@vitest/runner`, matchers from
 * `@vitest/expect` on chai, mocks from `@vitest/spy` — the same code vitest uses under Node, so a test behaves
 * the same in both places. `expect` is assembled the way vitest 4.1 does it (`createExpect` in
 * vitest/dist/chunks/test.*.js) minus snapshots and `expect.poll`.
 */
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  ChaiStyleAssertions,
  GLOBAL_EXPECT,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  addCustomEqualityTesters,
  chai,
  customMatchers,
  getState,
  setState,
  type ExpectStatic,
  type MatcherState,
  type MatchersObject,
} from '@vitest/expect';
import { getCurrentTest, type Test } from '@vitest/runner';
import { clearAllMocks, fn, isMockFunction, resetAllMocks, restoreAllMocks, spyOn } from '@vitest/spy';

export {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  it,
  onTestFailed,
  onTestFinished,
  suite,
  test,
} from '@vitest/runner';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(ChaiStyleAssertions);
chai.use(JestAsymmetricMatchers);

type ChaiAssertion = ReturnType<typeof chai.expect>;
/** `withTest` and `withContext` are added by JestChaiExpect but not declared in its types. */
type ShimAssertion = ChaiAssertion & { withTest(test: Test): ChaiAssertion; withContext(context: { soft: boolean }): ChaiAssertion };
/** JestExtend gives `chai.expect` an `extend(expect, matchers)` that its types do not declare. */
type ChaiExtendHost = { extend(expect: ExpectStatic, matchers: MatchersObject): void };

const globals = globalThis as unknown as Record<symbol, unknown>;

/** An `expect` bound to `test` (or to whichever test is running), counting assertions like vitest's. */
export function createExpect(test?: Test): ExpectStatic {
  const assertion = (value: unknown, message?: string): ShimAssertion => {
    const { assertionCalls } = getState(expect);
    setState({ assertionCalls: assertionCalls + 1 }, expect);
    const created = chai.expect(value, message) as ShimAssertion;
    const current = test ?? getCurrentTest<Test | undefined>();
    return (current ? created.withTest(current) : created) as ShimAssertion;
  };
  // The function gets its static members below; ExpectStatic describes the finished object.
  const expect = assertion as unknown as ExpectStatic;
  Object.assign(expect, chai.expect);
  Object.assign(expect, globals[ASYMMETRIC_MATCHERS_OBJECT]);
  const statics = {
    getState: () => getState(expect),
    setState: (state: Partial<MatcherState>) => setState(state, expect),
    assert: chai.assert,
    extend: (matchers: MatchersObject) => (chai.expect as unknown as ChaiExtendHost).extend(expect, matchers),
    addEqualityTesters: addCustomEqualityTesters,
    soft: (value: unknown, message?: string) => assertion(value, message).withContext({ soft: true }),
    unreachable: (message?: string): never => chai.assert.fail(`expected${message ? ` "${message}" ` : ' '}not to be reached`),
  };
  Object.assign(expect, statics);
  const globalState = globals[GLOBAL_EXPECT] ? getState(globals[GLOBAL_EXPECT] as ExpectStatic) : {};
  setState(
    {
      ...globalState,
      assertionCalls: 0,
      isExpectingAssertions: false,
      isExpectingAssertionsError: null,
      expectedAssertionsNumber: null,
      expectedAssertionsNumberErrorGen: null,
      currentTestName: test?.fullTestName ?? '',
    },
    expect,
  );
  chai.util.addMethod(expect, 'assertions', (expected: number) => {
    const errorGen = () => new Error(`expected number of assertions to be ${expected}, but got ${getState(expect).assertionCalls}`);
    setState({ expectedAssertionsNumber: expected, expectedAssertionsNumberErrorGen: errorGen }, expect);
  });
  chai.util.addMethod(expect, 'hasAssertions', () => {
    setState({ isExpectingAssertions: true, isExpectingAssertionsError: new Error('expected any number of assertion, but got none') }, expect);
  });
  statics.extend(customMatchers);
  return expect;
}

export const expect = createExpect();
Object.defineProperty(globalThis, GLOBAL_EXPECT, { value: expect, writable: true, configurable: true });

export const assert = chai.assert;
export { chai };

const viSupported = { fn, spyOn, isMockFunction, clearAllMocks, resetAllMocks, restoreAllMocks };

/**
 * The part of `vi` that works without vitest's module runner. Anything else (`vi.mock`, fake timers, …)
 * fails loudly instead of silently doing nothing.
 */
export const vi = new Proxy(viSupported, {
  get(target, key, receiver) {
    if (typeof key === 'symbol' || key === 'then' || key in target) return Reflect.get(target, key, receiver) as unknown;
    throw new Error(`vi.${key} is not available in the in-browser engine suite (test/in-browser/vitestShim.ts)`);
  },
});
