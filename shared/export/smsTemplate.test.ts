import { describe, expect, it } from 'vitest';
import { compileTemplate, renderTemplate } from './smsTemplate.ts';

describe('SMS templates', () => {
  it('finds variables by Chinese name or English alias, half- or full-width braces', () => {
    const t = compileTemplate('尊敬的{姓}{称谓}，您关注的｛产品｝已开放，详询{ manager }。');
    expect(t.variables).toEqual(['姓', '称谓', '产品', '客户经理']);
    expect(t.unknown).toEqual([]);
    const values: Record<string, string> = { 姓: '张', 称谓: '先生', 产品: '稳盈30天', 客户经理: '王*' };
    expect(renderTemplate(t, (v) => values[v] ?? null)).toBe('尊敬的张先生，您关注的稳盈30天已开放，详询王*。');
  });

  it('reports unknown variables and keeps their text', () => {
    const t = compileTemplate('{姓名}您好，{余额}元');
    expect(t.unknown).toEqual(['余额']);
    expect(renderTemplate(t, () => '张*')).toBe('张*您好，{余额}元');
  });

  it('renders a missing value as empty and plain text unchanged', () => {
    expect(renderTemplate(compileTemplate('{城市}分行'), () => null)).toBe('分行');
    expect(renderTemplate(compileTemplate('无变量'), () => 'x')).toBe('无变量');
  });
});
