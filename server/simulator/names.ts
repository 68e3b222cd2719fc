/** Plausible, deterministic Chinese personal names for the demo roster. */
import { Rng } from './random.js';

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'芳强伟娜敏静丽军杰磊洋勇艳涛明超秀霞平刚英华建文玲斌婷宇欣浩鑫佳晨雪琳俊峰红梅丹辉颖露凯鹏飞燕波倩晓宁'];

/**
 * `count` distinct names (a surname and one or two given-name characters), the same list
 * every time.
 * @example chineseNames(2) // two names such as ['王芳', '李晓宁']
 */
export function chineseNames(count: number): string[] {
  const rng = Rng.stream(20_240_601, 'demo-names');
  const pick = (list: string[]) => list[rng.int(0, list.length - 1)] ?? '';
  const used = new Set<string>();
  const names: string[] = [];
  while (names.length < count) {
    const given = rng.chance(0.6) ? pick(GIVEN) + pick(GIVEN) : pick(GIVEN);
    const name = pick(SURNAMES) + given;
    if (used.has(name)) continue;
    used.add(name);
    names.push(name);
  }
  return names;
}
