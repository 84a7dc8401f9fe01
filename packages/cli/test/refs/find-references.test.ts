import { describe, expect, it } from 'vitest';
import { findReferences } from '../../src/refs/find-references.js';

const flags = (text: string) => findReferences('a.ts', text).map((r) => [r.flag, r.line, r.call]);

describe('findReferences', () => {
  it.each([
    ["flags.isEnabled('new-checkout', user.id)", 'new-checkout', 'isEnabled'],
    ['client.variation("theme", ctx, "light")', 'theme', 'variation'],
    ['flags.evaluate(`search-v2`, ctx)', 'search-v2', 'evaluate'],
    ["const on = useFlag('dark-mode')", 'dark-mode', 'useFlag'],
    ["const v = useVariation('hero.copy', 'a')", 'hero.copy', 'useVariation'],
    ['<Feature flag="new-nav">', 'new-nav', '<Feature flag='],
    ["<Feature fallback={<Old />} flag={'beta_banner'}>", 'beta_banner', '<Feature flag='],
    ["client.getBooleanValue('of-flag', false)", 'of-flag', 'getBooleanValue'],
    ["client.getStringDetails('of-string', 'x')", 'of-string', 'getStringDetails'],
    ['await client.GetBooleanValueAsync("dotnet-flag", false);', 'dotnet-flag', 'GetBooleanValueAsync'],
    ['client.get_boolean_value("py-flag", False)', 'py-flag', 'get_boolean_value'],
    ['client.BooleanValue(ctx, "go-flag", false, evalCtx)', 'go-flag', 'BooleanValue'],
  ])('finds %s', (code, flag, call) => {
    expect(flags(code)).toEqual([[flag, 1, call]]);
  });

  it('gives the line of each reference, across lines and several per file', () => {
    const text = [
      "import x from 'y';",
      '',
      'if (flags.isEnabled(',
      "  'multi-line',",
      ')) {}',
      "useFlag('second')",
    ].join('\n');
    expect(flags(text)).toEqual([
      ['multi-line', 3, 'isEnabled'],
      ['second', 6, 'useFlag'],
    ]);
  });

  it('ignores keys that are not string literals, not flag keys, or other calls', () => {
    expect(
      flags(
        [
          'flags.isEnabled(key, user)',
          // A template literal with a placeholder is not a key.
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the point of this case
          'flags.isEnabled(`checkout-${n}`, user)',
          "isEnabledLater('nope')",
          "myevaluate('x')",
          "flags.isEnabled('has space', u)",
          '<Featured flag="x" />',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
