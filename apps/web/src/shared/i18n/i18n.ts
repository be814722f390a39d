/**
 * i18next set-up shared by the three surfaces: Simplified Chinese first, English second. Each
 * surface passes its own namespaces; the chosen language is kept in localStorage and in the
 * fx_lang cookie, so the server answers errors in the same language.
 */
import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../api/types.ts';
import { configureApiClient } from '../api/client.ts';

export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'fx.lang';

/** Mirrors a locale object's keys with string leaves: the type the English file must satisfy. */
export type LocaleShape<T> = { [K in keyof T]: T[K] extends string ? string : LocaleShape<T[K]> };

/** Narrows any value to a supported language, or null. */
export function asLanguage(value: unknown): Language | null {
  return value === 'zh-CN' || value === 'en' ? value : null;
}

function storedLanguage(): Language | null {
  try {
    return asLanguage(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/**
 * Starts i18next for one surface with its resources; the stored choice or Chinese. Called again (a
 * surface starts with the strings its sign-in page needs and a lazily loaded chunk brings the rest,
 * issue 11), it adds the namespaces it is given to the running instance.
 */
export function setupI18n(resources: Record<Language, Resource[string]>, defaultNS: string): typeof i18next {
  if (i18next.isInitialized) {
    for (const [lng, namespaces] of Object.entries(resources)) {
      for (const [ns, bundle] of Object.entries(namespaces)) {
        if (!i18next.hasResourceBundle(lng, ns)) i18next.addResourceBundle(lng, ns, bundle, true, false);
      }
    }
    return i18next;
  }
  const lng = storedLanguage() ?? DEFAULT_LANGUAGE;
  void i18next.use(initReactI18next).init({
    resources: resources as Resource,
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    defaultNS,
    fallbackNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  reflectLanguage(lng);
  // Requests carry the UI language, and failures that never reached the server are told in it.
  configureApiClient({ language: currentLanguage, networkMessage: () => i18next.t('common:error.network') });
  return i18next;
}

function reflectLanguage(lang: Language): void {
  document.documentElement.lang = lang;
  // Read by the server for its error messages; not personal data, so readable by scripts.
  document.cookie = `fx_lang=${lang}; path=/; max-age=31536000; samesite=lax`;
}

/** Switches the UI language and remembers it on this device. */
export function applyLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  reflectLanguage(lang);
  if (i18next.language !== lang) void i18next.changeLanguage(lang);
}

/** The language the UI shows now. */
export function currentLanguage(): Language {
  return asLanguage(i18next.language) ?? DEFAULT_LANGUAGE;
}
