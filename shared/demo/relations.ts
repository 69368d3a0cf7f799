/**
 * The invite-and-share log (邀请/分享) of the APP's referral programme. Planted influencers invite dozens of
 * people and share products widely; everyone else invites at most a few. Transfers inside planted communities
 * are written by the core-banking module, which owns the money side.
 */
import type { Random } from '#shared/jobs/random.ts';
import { fmtDateTime } from './calendar.ts';
import type { Outputs } from './outputs.ts';
import { appUserNoOf, custNoOf, derivePerson, type DemoWorld, type Person } from './people.ts';

/** Writes the invitation that brought this person in (if any) and the shares they sent; returns the share count. */
export function writeReferrals(world: DemoWorld, p: Person, r: Random, out: Outputs): number {
  if (p.invitedBy >= 0) {
    const inviter = p.invitedBy;
    const viaApp = world.influencer[inviter] === 1;
    const from = viaApp ? appUserNoOf(world, inviter) : custNoOf(world, inviter);
    const to = p.app ? p.app.userNo : p.phone;
    out.relations.row([from, viaApp ? 'APP用户号' : '客户号', to, p.app ? 'APP用户号' : '手机号', '邀请注册', fmtDateTime(p.inviteDay, r.int(8 * 3600, 23 * 3600)), null, viaApp ? '手机银行' : '网点推荐']);
  }
  if (!p.app) return 0;
  const lambda = (p.influencer ? 15 : p.cluster === 0 ? 0.4 : 0.1) * world.density;
  let n = 0;
  for (let l = Math.exp(-lambda), prod = r.next(); prod > l; prod *= r.next()) n++;
  let written = 0;
  for (let k = 0; k < n; k++) {
    const target = r.int(0, world.persons - 1);
    if (target === p.index) continue;
    const receiver = derivePerson(world, target);
    const to = receiver.app ? receiver.app.userNo : receiver.unionid;
    if (to === null) continue;
    const day = world.asOf - r.int(0, 360);
    out.relations.row([p.app.userNo, 'APP用户号', to, receiver.app ? 'APP用户号' : 'UnionID', '分享', fmtDateTime(day, r.int(8 * 3600, 23 * 3600)), null, r.pick(['微信好友', '朋友圈', '微信群'])]);
    written++;
  }
  return written;
}
