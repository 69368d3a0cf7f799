/**
 * Waiting assertions on top of playwright-core, which (unlike @playwright/test) has no auto-retrying `expect`.
 * On timeout they report what the element actually showed, not just that time ran out.
 */
import type { Locator } from 'playwright-core';

const DEFAULT_TIMEOUT_MS = 30_000;

async function actualText(locator: Locator): Promise<string> {
  const texts = await locator.allInnerTexts().catch(() => []);
  return texts.length === 0 ? '(no matching element)' : texts.map((t) => JSON.stringify(t)).join(', ');
}

/** Waits until `locator` is visible and its text matches (a string matches case-insensitively as a substring). */
export async function waitForText(locator: Locator, expected: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  try {
    const match = locator.filter({ hasText: expected }).first();
    await match.waitFor({ state: 'visible', timeout: timeoutMs });
    return await match.innerText();
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(`expected ${String(locator)} to show ${String(expected)}; it shows ${await actualText(locator)} (${why})`, { cause: e });
  }
}

/** Waits until the input `locator` is visible and its value matches `expected`. */
export async function waitForValue(locator: Locator, expected: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  const started = Date.now();
  try {
    await locator.waitFor({ state: 'visible', timeout: timeoutMs });
    const input = await locator.elementHandle({ timeout: timeoutMs });
    if (!input) throw new Error('the element went away');
    const remaining = Math.max(1, timeoutMs - (Date.now() - started));
    await locator.page().waitForFunction(
      ([element, source, flags]) => new RegExp(source, flags).test((element as HTMLInputElement).value),
      [input, expected.source, expected.flags] as const,
      { timeout: remaining },
    );
    return await locator.inputValue();
  } catch (e) {
    const actual = await locator.inputValue({ timeout: 1_000 }).catch(() => '(no input element)');
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(`expected ${String(locator)} to hold a value matching ${String(expected)}; it holds ${JSON.stringify(actual)} (${why})`, { cause: e });
  }
}

/**
 * The one integer `locator` shows, e.g. `5`, `1,234` or `读取行数 1 234`. Fails when the text holds no number
 * or several, so a label change cannot silently make a count assertion pass.
 */
export async function readCount(locator: Locator, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number> {
  const text = await waitForText(locator, /\d/, timeoutMs);
  const numbers = text.replace(/(\d)[,\s\u00a0\u202f](?=\d{3}\b)/g, '$1').match(/\d+/g) ?? [];
  if (numbers.length !== 1) throw new Error(`expected ${String(locator)} to show one number, it shows ${JSON.stringify(text)}`);
  return Number(numbers[0]);
}
