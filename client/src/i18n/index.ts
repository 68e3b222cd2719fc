/**
 * Translations for every visible string. `en` defines the keys; other dictionaries are typed
 * against it, so a missing translation is a type error, not a blank on the wall.
 */
import { adminEn } from './admin.en.js';
import { adminZhCN } from './admin.zh-CN.js';
import { consoleEn } from './console.en.js';
import { consoleZhCN } from './console.zh-CN.js';
import { en as wallEn } from './en.js';
import { leadEn } from './lead.en.js';
import { leadZhCN } from './lead.zh-CN.js';
import { planEn } from './plan.en.js';
import { planZhCN } from './plan.zh-CN.js';
import { reportsEn } from './reports.en.js';
import { reportsZhCN } from './reports.zh-CN.js';
import { supervisorEn } from './supervisor.en.js';
import { supervisorZhCN } from './supervisor.zh-CN.js';
import { zhCN as wallZhCN } from './zh-CN.js';

/** One dictionary per area (wall, console frame, each console), merged; each language fills every key. */
const en = { ...wallEn, ...consoleEn, ...supervisorEn, ...leadEn, ...adminEn, ...reportsEn, ...planEn };
const zhCN = { ...wallZhCN, ...consoleZhCN, ...supervisorZhCN, ...leadZhCN, ...adminZhCN, ...reportsZhCN, ...planZhCN };
export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

const dictionaries: Record<Lang, Messages> = { en, 'zh-CN': zhCN };

/** The language asked for in `?lang=`, or the default (zh-CN) for anything else. */
export function langFromSearch(search: string): Lang {
  const asked = new URLSearchParams(search).get('lang');
  return (LANGS as readonly string[]).includes(asked ?? '') ? (asked as Lang) : DEFAULT_LANG;
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** A `t(key, params)` for `lang`; `{name}` placeholders are replaced from `params`. */
export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, params) => {
    const text = dict[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** Translates a key built at run time (`cause.<x>`, `shift.<x>`), falling back to `raw`. */
export function translateOr(t: Translate, key: string, raw: string): string {
  return key in en ? t(key as MessageKey) : raw;
}
