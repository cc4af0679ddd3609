// The reader's light or dark preference, for views whose theme is 'auto'.

/**
 * Calls `onChange` whenever the system switches between light and dark.
 * @returns {{dark: () => boolean, stop: () => void}} `stop` removes the listener.
 */
export function watchSystemTheme(onChange) {
  const query = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  const listener = () => onChange();
  query?.addEventListener?.('change', listener);
  return {
    dark: () => Boolean(query?.matches),
    stop: () => query?.removeEventListener?.('change', listener),
  };
}

/** 'dark' or 'light' for a view's theme setting ('auto', 'light' or 'dark'). */
export function themeName(setting, systemDark) {
  return setting === 'dark' || (setting !== 'light' && systemDark) ? 'dark' : 'light';
}
