import { describe, expect, it } from 'vitest';
import { channelScope } from './dndList.ts';

describe('channelScope', () => {
  it('reads the channel words DND lists use', () => {
    expect(channelScope('短信')).toBe('sms');
    expect(channelScope('微信公众号')).toBe('wechat');
    expect(channelScope('APP推送')).toBe('push');
    expect(channelScope('电话外呼')).toBe('call');
    expect(channelScope('全部')).toBe('all');
  });

  it('reads empty or unknown scopes as all channels', () => {
    expect(channelScope('')).toBe('all');
    expect(channelScope(null)).toBe('all');
    expect(channelScope('信件')).toBe('all');
  });
});
