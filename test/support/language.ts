/** Runs an async test body in Japanese and puts English back afterwards (withLanguage is for synchronous bodies). */
import { setLanguage } from '../../src/i18n/index.js';

export async function inJapanese<T>(body: () => Promise<T>): Promise<T> {
  setLanguage('ja');
  try {
    return await body();
  } finally {
    setLanguage('en');
  }
}
