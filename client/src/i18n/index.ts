/**
 * Translations for every visible string. `en` defines the keys; other dictionaries are typed
 * against it, so a missing translation is a type error, not a blank on the wall.
 *
 * Only the wall's and the console frame's strings ship in the entry chunk. Each console's
 * strings (both languages) ship in that console's lazy chunk, which adds them with
 * `addMessages` when it loads (see `views/*.svelte`); the types still cover every key.
 */
import type { adminEn } from './admin.en.js';
import { consoleEn } from './console.en.js';
import { consoleZhCN } from './console.zh-CN.js';
import { en as wallEn } from './en.js';
import type { leadEn } from './lead.en.js';
import type { planEn } from './plan.en.js';
import type { reportsEn } from './reports.en.js';
import type { supervisorEn } from './supervisor.en.js';
import { zhCN as wallZhCN } from './zh-CN.js';

type AllEnglish = typeof wallEn & typeof consoleEn & typeof supervisorEn & typeof leadEn & typeof adminEn & typeof reportsEn & typeof planEn;
export type MessageKey = keyof AllEnglish;
export type Messages = Record<MessageKey, string>;
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

/** Filled at start with the wall and console frame; each console adds its own area on load. */
const dictionaries: Record<Lang, Partial<Messages>> = {
  en: { ...wallEn, ...consoleEn },
  'zh-CN': { ...wallZhCN, ...consoleZhCN },
};

/** Adds one area's strings in both languages (each typed against the other, so both are complete). */
export function addMessages<K extends MessageKey>(en: Record<K, string>, zhCN: Record<K, string>): void {
  Object.assign(dictionaries.en, en);
  Object.assign(dictionaries['zh-CN'], zhCN);
}

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
    // A key whose area has not been added shows as itself rather than breaking the page.
    const text = dict[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** Translates a key built at run time (`cause.<x>`, `shift.<x>`), falling back to `raw`. */
export function translateOr(t: Translate, key: string, raw: string): string {
  return key in dictionaries.en ? t(key as MessageKey) : raw;
}
